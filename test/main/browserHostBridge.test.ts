// Browser host edges with stand-in cores: a page that leaves while its core is still starting must
// not leave push listeners behind, and two hosts on one machine must not share a page session.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../main/browserHost/index';
import type { ClientCore } from '../../main/core/index';
import { ipcPushNames } from '../../shared/ipc/contract';

let root: string;
let rendererDir: string;
const hosts: BrowserHost[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tributary-host-edge-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tributary</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  rmSync(root, { recursive: true, force: true });
});

/** A core that counts its live push subscriptions. */
function countingCore(): ClientCore & { listeners: () => number } {
  let live = 0;
  return {
    invoke: (() => Promise.resolve({ ok: true, value: {} })) as ClientCore['invoke'],
    on: () => {
      live += 1;
      let off = false;
      return () => {
        if (!off) live -= 1;
        off = true;
      };
    },
    close: () => Promise.resolve(),
    listeners: () => live,
  };
}

async function start(createCore: () => Promise<ClientCore> | ClientCore): Promise<BrowserHost> {
  const host = await startBrowserHost({
    port: 0,
    rendererDir,
    dataDir: join(root, `data-${hosts.length}`),
    defaults: { serverUrl: 'http://127.0.0.1:1', demoAccounts: [] },
    createCore,
  });
  hosts.push(host);
  return host;
}

/** Opens the launch URL without following the redirect: the page-session cookie it sets. */
async function pageSession(host: BrowserHost): Promise<{ name: string; value: string }> {
  const res = await fetch(host.url, { redirect: 'manual' });
  expect(res.status).toBe(303);
  const [pair] = (res.headers.get('set-cookie') ?? '').split(';');
  const eq = pair!.indexOf('=');
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1) };
}

async function connect(host: BrowserHost): Promise<WebSocket> {
  const { name, value } = await pageSession(host);
  return new WebSocket(`ws://127.0.0.1:${host.port}${host.pagePath}bridge`, {
    headers: { Origin: `http://127.0.0.1:${host.port}`, Cookie: `${name}=${value}` },
  });
}

describe('browser host edges', () => {
  it('a socket closed while the core starts leaves no push listeners on the core', async () => {
    const core = countingCore();
    let release!: () => void;
    const started = new Promise<void>((r) => (release = r));
    const host = await start(async () => {
      await started;
      return core;
    });
    const early = await connect(host);
    await new Promise((r) => early.once('open', r));
    early.close();
    await new Promise((r) => early.once('close', r));
    // a page that stays: it waits on the same starting core, so the early socket is handled first
    const page = await connect(host);
    await new Promise((r) => page.once('open', r));
    release();
    await vi.waitFor(() => expect(core.listeners()).toBeGreaterThan(0));
    // exactly one page's worth of subscriptions: the socket that left took none
    expect(core.listeners()).toBe(ipcPushNames.length);
    page.close();
    await vi.waitFor(() => expect(core.listeners()).toBe(0));
  });

  it('two hosts on 127.0.0.1 keep separate page sessions (cookies ignore ports)', async () => {
    const a = await start(() => countingCore());
    const b = await start(() => countingCore());
    expect(a.pagePath).not.toBe(b.pagePath);
    // a browser's cookie jar for 127.0.0.1: one value per cookie name, whatever the port
    const jar = new Map<string, string>();
    for (const h of [a, b]) {
      const { name, value } = await pageSession(h);
      jar.set(name, value);
    }
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const h of [a, b]) {
      const res = await fetch(`http://127.0.0.1:${h.port}${h.pagePath}assets/app.js`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
    }
    // and one host's session opens nothing on the other
    const [aName] = [...jar.keys()];
    const foreign = `${aName}=${jar.get(aName!)}`;
    const res = await fetch(`http://127.0.0.1:${b.port}${b.pagePath}assets/app.js`, { headers: { Cookie: foreign } });
    expect(res.status).toBe(403);
  });
});

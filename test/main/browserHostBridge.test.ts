// Browser host edges with stand-in cores: a page that leaves while its core is still starting must
// not leave push listeners behind, and two hosts on one machine must not share an asset cookie.
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

function connect(host: BrowserHost, session: string): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}&session=${session}`, {
    headers: { Origin: `http://127.0.0.1:${host.port}` },
  });
}

describe('browser host edges', () => {
  it('a socket closed while its session core starts leaves no push listeners on the core', async () => {
    const core = countingCore();
    let release!: () => void;
    const started = new Promise<void>((r) => (release = r));
    const host = await start(async () => {
      await started;
      return core;
    });
    const early = connect(host, 'sessionEdge0001');
    await new Promise((r) => early.once('open', r));
    early.close();
    await new Promise((r) => early.once('close', r));
    // a page that stays: it waits on the same starting core, so the early socket is handled first
    const page = connect(host, 'sessionEdge0001');
    await new Promise((r) => page.once('open', r));
    release();
    await vi.waitFor(() => expect(core.listeners()).toBeGreaterThan(0));
    // exactly one page's worth of subscriptions: the socket that left took none
    expect(core.listeners()).toBe(ipcPushNames.length);
    page.close();
    await vi.waitFor(() => expect(core.listeners()).toBe(0));
  });

  it('two hosts on 127.0.0.1 keep separate asset cookies (cookies ignore ports)', async () => {
    const a = await start(() => countingCore());
    const b = await start(() => countingCore());
    // a browser's cookie jar for 127.0.0.1: one value per cookie name, whatever the port
    const jar = new Map<string, string>();
    for (const h of [a, b]) {
      const res = await fetch(h.url);
      expect(res.status).toBe(200);
      const [pair] = (res.headers.get('set-cookie') ?? '').split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const h of [a, b]) {
      const res = await fetch(`http://127.0.0.1:${h.port}/assets/app.js`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
    }
  });
});

// The browser host over real HTTP and WebSockets, bridging to a real client core and a real server:
// the token exchange, the page-session cookie, Origin/Host checks, security headers, malformed frames,
// one core per data folder, and restarts that keep the URL, the page sessions and the signed-in account.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../shared/index';
import { startBrowserHost, type BrowserHost } from '../../main/browserHost/index';
import { createClientCore } from '../../main/core/index';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let host: BrowserHost;
let root: string;
let origin: string;
/** A page session of `host`, as `Cookie` header value (minted once by opening the launch URL). */
let pageCookie: string;

beforeAll(async () => {
  server = await startTestServer();
  root = mkdtempSync(join(tmpdir(), 'tributary-host-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>Tributary</title><script type="module" src="./assets/app.js"></script>',
  );
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(root, 'secret.txt'), 'outside the bundle');
  host = await startBrowserHost({
    port: 0,
    rendererDir,
    dataDir: join(root, 'data'),
    defaults: { serverUrl: server.url, demoAccounts: [...DEMO_ACCOUNTS] },
    createCore: (options) => createClientCore({ ...options, reconnect: { minDelayMs: 20, maxDelayMs: 200 } }),
  });
  origin = `http://127.0.0.1:${host.port}`;
  pageCookie = (await exchangeToken(host)).cookie;
});

afterAll(async () => {
  await host?.close();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

function rawGet(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  port = host.port,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    // a connection of its own each time (no pooled socket to a host that restarted meanwhile)
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the launch URL as a browser would, without following the redirect: what the host answers. */
async function exchangeToken(
  h: BrowserHost,
): Promise<{ response: Response; cookie: string; setCookie: string; location: string }> {
  const response = await fetch(h.url, { redirect: 'manual' });
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { response, setCookie, cookie: setCookie.split(';')[0]!, location: response.headers.get('location') ?? '' };
}

interface Frame {
  kind: string;
  id?: number;
  name?: string;
  result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  payload?: unknown;
}

/** A bridge client (with this test's page session unless told otherwise) that records every frame it receives. */
async function openBridge(opts: { cookie?: string | null; origin?: string | null; on?: BrowserHost } = {}) {
  const h = opts.on ?? host;
  const headers: Record<string, string> = {};
  const o = opts.origin === undefined ? origin : opts.origin;
  if (o !== null) headers.Origin = o === origin ? `http://127.0.0.1:${h.port}` : o;
  const cookie = opts.cookie === undefined ? pageCookie : opts.cookie;
  if (cookie !== null) headers.Cookie = cookie;
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}${h.pagePath}bridge`, { headers });
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const opened = await new Promise<{ ok: true } | { ok: false; status: number }>((resolve) => {
    ws.once('open', () => resolve({ ok: true }));
    ws.once('unexpected-response', (_req, res) => resolve({ ok: false, status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ ok: false, status: 0 }));
  });
  async function result(id: number, ms = 10_000): Promise<NonNullable<Frame['result']>> {
    const until = Date.now() + ms;
    for (;;) {
      const frame = frames.find((f) => f.kind === 'result' && f.id === id);
      if (frame?.result) return frame.result;
      if (Date.now() > until) throw new Error(`no result for ${id}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  function invoke(id: number, channel: string, request: unknown) {
    ws.send(JSON.stringify({ kind: 'invoke', id, channel, request }));
    return result(id);
  }
  return { ws, frames, closed, opened, result, invoke };
}

describe('browser host HTTP gate', () => {
  it('listens on loopback with a 32-byte base64url token in the URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(host.pagePath).toMatch(/^\/app\/[A-Za-z0-9_-]{43}\/$/);
  });

  it('refuses the launch URL without the right token', async () => {
    expect((await rawGet('/')).status).toBe(403);
    expect((await rawGet('/?token=wrong')).status).toBe(403);
    expect((await rawGet(`/?token=${host.token}x`)).status).toBe(403);
  });

  it('exchanges the token for a page session scoped to a secret folder, and redirects the token away', async () => {
    const { response, setCookie, cookie, location } = await exchangeToken(host);
    expect(response.status).toBe(303);
    expect(location).toBe(host.pagePath);
    expect(location).not.toContain(host.token);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    // a fresh random id, not the token; sent by the browser only below this launch's folder
    const [name, value] = cookie.split('=');
    expect(name).toBe(`tributary_host_${host.port}`);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(value).not.toBe(host.token);
    expect(value).not.toBe(pageCookie.split('=')[1]);
    expect(setCookie).toContain(`Path=${host.pagePath}`);
    expect(setCookie).not.toMatch(/Path=\/(;|$)/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
  });

  it('serves the page with its session, with security headers and no caching', async () => {
    expect((await fetch(`${origin}${host.pagePath}`)).status).toBe(403);
    const res = await fetch(`${origin}${host.pagePath}`, { headers: { Cookie: pageCookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('<title>Tributary</title>');
  });

  it('serves assets only with a page session, only in the page folder, never outside the bundle', async () => {
    const asset = `${host.pagePath}assets/app.js`;
    expect((await rawGet(asset)).status).toBe(403);
    const ok = await rawGet(asset, { Cookie: pageCookie });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toContain('text/javascript');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect((await rawGet(asset, { Cookie: `tributary_host_${host.port}=forged` })).status).toBe(403);
    // the launch token is not a page session
    expect((await rawGet(asset, { Cookie: `tributary_host_${host.port}=${host.token}` })).status).toBe(403);
    expect((await rawGet('/assets/app.js', { Cookie: pageCookie })).status).toBe(404);
    expect((await rawGet(`${host.pagePath}%2e%2e/secret.txt`, { Cookie: pageCookie })).status).toBe(404);
    expect((await rawGet(`${host.pagePath}..%2fsecret.txt`, { Cookie: pageCookie })).status).toBe(404);
    expect((await rawGet(`${host.pagePath}missing.js`, { Cookie: pageCookie })).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding) and non-GET methods', async () => {
    expect((await rawGet(`/?token=${host.token}`, { Host: `evil.test:${host.port}` })).status).toBe(403);
    expect((await rawGet(`/?token=${host.token}`, {}, 'POST')).status).toBe(405);
  });
});

describe('browser host bridge', () => {
  it('closes a socket without a page session with 4401 (the launch token is no page session)', async () => {
    for (const cookie of [null, `tributary_host_${host.port}=forged`, `tributary_host_${host.port}=${host.token}`]) {
      const bridge = await openBridge({ cookie });
      expect(await bridge.closed).toBe(4401);
    }
  });

  it('refuses upgrades from another origin or without an Origin', async () => {
    const foreign = await openBridge({ origin: 'http://evil.test' });
    expect(foreign.opened).toEqual({ ok: false, status: 403 });
    const none = await openBridge({ origin: null });
    expect(none.opened).toEqual({ ok: false, status: 403 });
  });

  it('answers malformed frames with INVALID and keeps serving', async () => {
    const bridge = await openBridge();
    expect(bridge.opened).toEqual({ ok: true });
    bridge.ws.send('{not json');
    expect((await bridge.result(-1)).error?.code).toBe('INVALID');
    bridge.ws.send(JSON.stringify({ kind: 'invoke', id: 7, channel: 42 }));
    expect((await bridge.result(7)).error?.code).toBe('INVALID');
    bridge.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await bridge.invoke(8, 'nope:channel', {}).then((r) => expect(r.error?.code).toBe('INVALID'));
    const badLogin = await bridge.invoke(9, 'session:login', { serverUrl: server.url, email: 'x', password: '' });
    expect(badLogin.ok).toBe(false);
    expect(badLogin.error?.code).toBe('INVALID');
    const state = await bridge.invoke(10, 'session:get', {});
    expect(state.ok).toBe(true);
    expect(state.value).toMatchObject({ signedIn: false, defaults: { serverUrl: server.url } });
    bridge.ws.close();
  });

  it('bridges a real login with pushes; reconnects and other page sessions reach the same core', async () => {
    const first = await openBridge();
    const login = await first.invoke(1, 'session:login', {
      serverUrl: server.url,
      email: 'alice@acme.test',
      password: DEMO_PASSWORD,
    });
    expect(login.ok).toBe(true);
    expect(login.value).toMatchObject({ signedIn: true, user: { email: 'alice@acme.test' } });
    await untilPush(first.frames, 'live');
    first.ws.close();
    await first.closed;

    const again = await openBridge();
    const state = await again.invoke(1, 'session:get', {});
    expect(state.value).toMatchObject({ signedIn: true, user: { email: 'alice@acme.test' } });
    // another browser (its own page session): the same data folder, the same core, the same account
    const other = await openBridge({ cookie: (await exchangeToken(host)).cookie });
    const otherState = await other.invoke(1, 'session:get', {});
    expect(otherState.value).toMatchObject({ signedIn: true, user: { email: 'alice@acme.test' } });
    again.ws.close();
    other.ws.close();
  });
});

/** Waits until a bridge has received a sync:status push with this state. */
async function untilPush(frames: Frame[], state: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (
    !frames.some(
      (f) => f.kind === 'push' && f.name === 'sync:status' && (f.payload as { state: string }).state === state,
    )
  ) {
    if (Date.now() > until) throw new Error(`no ${state} sync:status push`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('browser host restarts', () => {
  it('keep the URL, the port, the page sessions and the account: an open tab just reconnects', async () => {
    const dataDir = join(root, 'restart-data');
    const options = {
      rendererDir: join(root, 'renderer'),
      dataDir,
      defaults: { serverUrl: server.url, demoAccounts: [] },
    };
    const first = await startBrowserHost(options);
    const { cookie } = await exchangeToken(first);
    const tab = await openBridge({ cookie, on: first });
    await tab.invoke(1, 'session:login', { serverUrl: server.url, email: 'bob@acme.test', password: DEMO_PASSWORD });
    await untilPush(tab.frames, 'live');
    const { url, port, pagePath } = first;
    await first.close();
    expect(await tab.closed).toBe(1001);

    const second = await startBrowserHost(options);
    try {
      expect({ url: second.url, port: second.port, pagePath: second.pagePath }).toEqual({ url, port, pagePath });
      expect((await rawGet(pagePath, { Cookie: cookie }, 'GET', port)).status).toBe(200);
      const back = await openBridge({ cookie, on: second });
      const state = await back.invoke(1, 'session:get', {});
      expect(state.value).toMatchObject({ signedIn: true, user: { email: 'bob@acme.test' } });
      back.ws.close();
    } finally {
      await second.close();
    }

    // another data folder on that port is another host: the old tab's page and bridge are refused,
    // which is how the page learns that it is out of date
    const stranger = await startBrowserHost({ ...options, dataDir: join(root, 'other-data'), port });
    try {
      expect((await rawGet(pagePath, { Cookie: cookie }, 'GET', port)).status).toBe(404);
      const stale = await openBridge({ cookie, on: { ...stranger, pagePath } });
      expect(stale.opened).toEqual({ ok: false, status: 404 });
    } finally {
      await stranger.close();
    }
  });

  it('keep the identity in a file only this user can read', () => {
    const file = join(root, 'restart-data', 'host.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { sessions: string[]; token: string };
    // page sessions are kept as digests only
    expect(saved.sessions.every((d) => /^[0-9a-f]{64}$/.test(d))).toBe(true);
  });
});

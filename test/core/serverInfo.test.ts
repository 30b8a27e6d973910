import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, tempDataDir, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

/** A server that is not Tributary's (or an older one): every path answers the same fixed reply. */
async function fixedServer(status: number, body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('server:info: the core asks a server whether it runs the demo, before sign-in', () => {
  let demo: TestServer;
  let plain: TestServer;
  let t: TestCore;
  const others: Server[] = [];
  beforeAll(async () => {
    [demo, plain] = await Promise.all([startTestServer({ demo: true }), startTestServer({ demo: false })]);
    t = openCore(tempDataDir());
  });
  afterAll(async () => {
    await t?.core.close();
    await Promise.all([demo?.close(), plain?.close()]);
    for (const s of others) s.close();
  });

  it('passes on the flag of a real server, with or without --demo, trailing slash or not', async () => {
    expect(await t.call('server:info', { serverUrl: demo.url })).toEqual({ demo: true });
    expect(await t.call('server:info', { serverUrl: `${demo.url}/` })).toEqual({ demo: true });
    expect(await t.call('server:info', { serverUrl: plain.url })).toEqual({ demo: false });
  });

  it('counts an older server without the route, or a malformed answer, as no demo', async () => {
    const older = await fixedServer(404, '{"error":{"code":"NOT_FOUND","message":"not found"}}');
    const odd = await fixedServer(200, '{"ok":true,"demo":"yes"}');
    others.push(older.server, odd.server);
    expect(await t.call('server:info', { serverUrl: older.url })).toEqual({ demo: false });
    expect(await t.call('server:info', { serverUrl: odd.url })).toEqual({ demo: false });
  });

  it('refuses what login would refuse (INVALID serverUrl) and says UNAVAILABLE when nothing answers', async () => {
    expect(await t.core.invoke('server:info', { serverUrl: 'http://chat.example.com' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'serverUrl' },
    });
    expect(await t.core.invoke('server:info', { serverUrl: 'http://127.0.0.1:1' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
  });
});

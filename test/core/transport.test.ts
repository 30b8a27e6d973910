// Issue 10, transport: the desktop client logs in over plain http:// only on loopback. Elsewhere
// the login is refused before anything (above all the password) is sent, and a saved session to
// such a server is not resumed.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenSecret } from '../../main/core/index';
import { memorySecretStore, openCore, tempDataDir, waitUntil } from '../helpers/core';

/** An HTTP listener on 127.0.0.2: reachable on this machine, but not one of the loopback names. */
let listener: Server;
let requests = 0;
let port = 0;

beforeAll(async () => {
  listener = createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.2', resolve));
  port = (listener.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

describe('login transport', () => {
  it('refuses plain http:// to a host that is not loopback, before sending anything', async () => {
    const t = openCore(tempDataDir());
    try {
      const res = await t.core.invoke('session:login', {
        serverUrl: `http://127.0.0.2:${port}`,
        email: 'alice@acme.test',
        password: 'never sent',
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'serverUrl' } });
      expect(!res.ok && res.error.message).toMatch(/https:\/\//);
      const remote = await t.core.invoke('session:login', {
        serverUrl: 'http://chat.example.com',
        email: 'alice@acme.test',
        password: 'never sent',
      });
      expect(remote).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'serverUrl' } });
      expect(requests).toBe(0);
      // https:// to the same host is allowed through: it gets as far as the network
      const secure = await t.core.invoke('session:login', {
        serverUrl: `https://127.0.0.2:${port}`,
        email: 'alice@acme.test',
        password: 'x',
      });
      expect(secure).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      expect((await t.call('session:get', {})).signedIn).toBe(false);
    } finally {
      await t.core.close();
    }
  });

  it('does not resume a saved session to a plain http:// server elsewhere, and forgets its token', async () => {
    const id = '0192f000-0000-7000-8000-0000000000aa';
    const store = memorySecretStore();
    store.entries.set(tokenSecret(id), 'old-token');
    const dataDir = tempDataDir();
    mkdirSync(dataDir, { recursive: true });
    const account = { id, serverUrl: 'http://chat.example.com', email: 'a@b.c', name: 'A', orgName: null };
    writeFileSync(join(dataDir, 'accounts.json'), JSON.stringify({ version: 1, active: id, accounts: [account] }));
    const t = openCore(dataDir, { secrets: store });
    try {
      await t.waitForState('signedOut');
      const session = await t.call('session:get', {});
      expect(session.signedIn).toBe(false);
      expect(session.notice).toMatch(/sign in again/i);
      await waitUntil(() => !store.entries.has(tokenSecret(id)), 5000, 'token cleared');
    } finally {
      await t.core.close();
    }
  });
});

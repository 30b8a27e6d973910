// An account the organization deactivated is wiped from this computer on the next contact: the
// handshake (or a login) answers DEACTIVATED, and the core removes its cache, key and token.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { cacheFile } from '../../main/core/account';
import { cacheKeySecret, tokenSecret } from '../../main/core/index';
import { memorySecretStore, openCore, tempDataDir, waitUntil } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

describe('an account deactivated on the server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is wiped on the next handshake; the other account stays', async () => {
    const store = memorySecretStore('os');
    const dataDir = tempDataDir();
    const t = openCore(dataDir, { secrets: store });
    try {
      const login = (email: string) =>
        t.call('session:login', { serverUrl: server.url, email, password: DEMO_PASSWORD });
      const carol = (await login('carol@acme.test')).accountId!;
      const dave = (await login('dave@acme.test')).accountId!;
      await waitUntil(async () => (await t.call('account:list', {})).accounts.every((a) => a.state === 'live'));
      await t.call('account:switch', { accountId: carol });

      // the running server ends carol's sessions; her core reconnects and hears DEACTIVATED
      server.server.admin.deactivateUser({ email: 'carol@acme.test' });
      const listed = () => readFileSync(join(dataDir, 'accounts.json'), 'utf8');
      await waitUntil(() => !listed().includes(carol), 10_000, 'carol gone from the list of accounts');
      // the notice is set just after the list is written: wait for it rather than race it
      await waitUntil(async () => (await t.call('session:get', {})).notice !== null, 10_000, 'the notice');
      expect((await t.call('account:list', {})).accounts.map((a) => a.id)).toEqual([dave]);
      expect(existsSync(dirname(cacheFile(dataDir, carol)))).toBe(false);
      expect(store.entries.has(tokenSecret(carol)) || store.entries.has(cacheKeySecret(carol))).toBe(false);
      const session = await t.call('session:get', {});
      expect(session).toMatchObject({ signedIn: true, accountId: dave });
      expect(session.notice).toMatch(/carol@acme\.test .*deactivated.*removed from this computer/);
      expect((await t.call('account:list', {})).accounts[0]).toMatchObject({ id: dave, state: 'live' });
    } finally {
      await t.core.close();
    }
  });

  it('is wiped when a sign-in is answered DEACTIVATED (an account signed out with its data kept)', async () => {
    const dataDir = tempDataDir();
    const t = openCore(dataDir);
    try {
      const login = () =>
        t.core.invoke('session:login', { serverUrl: server.url, email: 'bob@acme.test', password: DEMO_PASSWORD });
      const first = await login();
      const bob = first.ok ? first.value.accountId! : '';
      await t.waitForState('live');
      await t.call('session:logout', {});
      expect(existsSync(cacheFile(dataDir, bob))).toBe(true);
      server.server.admin.deactivateUser({ email: 'bob@acme.test' });
      expect(await login()).toMatchObject({ ok: false, error: { code: 'DEACTIVATED' } });
      expect(existsSync(dirname(cacheFile(dataDir, bob)))).toBe(false);
      expect((await t.call('session:get', {})).notice).toMatch(/deactivated/);
    } finally {
      await t.core.close();
    }
  });
});

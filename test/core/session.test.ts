import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { DEFAULT_SERVER_LIMITS } from '../../shared/protocol/requests';
import { cacheKeySecret, tokenSecret } from '../../main/core/index';
import { invokeUntyped, memorySecretStore, openCore, tempDataDir, waitUntil } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

describe('session lifecycle and invoke hygiene', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('starts signed out with the login defaults, and refuses account channels', async () => {
    const t = openCore(tempDataDir(), { defaults: { serverUrl: server.url, demoAccounts: ['alice@acme.test'] } });
    try {
      const s = await t.call('session:get', {});
      expect(s).toEqual({
        signedIn: false,
        accountId: null,
        user: null,
        orgName: null,
        serverUrl: null,
        defaults: { serverUrl: server.url, demoAccounts: ['alice@acme.test'] },
        notice: null,
        limits: DEFAULT_SERVER_LIMITS,
        needsPassword: false,
        email: null,
        askTokenStorage: false,
      });
      expect(await t.core.invoke('stream:list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await t.core.invoke('search:query', { query: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      for (const bad of [null, undefined, 42, 'str', [], { query: 7 }]) {
        const res = await invokeUntyped(t.core, 'search:query', bad);
        expect(res.ok).toBe(false);
      }
      expect(await invokeUntyped(t.core, '__proto__', {})).toMatchObject({
        ok: false,
        error: { code: 'INVALID', field: 'channel' },
      });
      expect(await invokeUntyped(t.core, 'toString', {})).toMatchObject({
        ok: false,
        error: { code: 'INVALID', field: 'channel' },
      });
      const unreachable = await t.core.invoke('session:login', {
        serverUrl: 'http://127.0.0.1:1',
        email: 'a@b.c',
        password: 'x',
      });
      expect(unreachable).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    } finally {
      await t.core.close();
    }
    expect(await t.core.invoke('session:get', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('keeps the token and the cache key in 0600 files, the account list without secrets, and resumes', async () => {
    const dataDir = tempDataDir();
    const t = openCore(dataDir);
    const session = await t.call('session:login', {
      serverUrl: `${server.url}/`,
      email: 'bob@acme.test',
      password: DEMO_PASSWORD,
    });
    await t.waitForState('live');
    const id = session.accountId!;
    const secrets = join(dataDir, 'secrets');
    expect(statSync(secrets).mode & 0o777).toBe(0o700);
    for (const name of [tokenSecret(id), cacheKeySecret(id)])
      expect(statSync(join(secrets, name)).mode & 0o777).toBe(0o600);
    const token = readFileSync(join(secrets, tokenSecret(id)), 'utf8');
    const list = readFileSync(join(dataDir, 'accounts.json'), 'utf8');
    expect(JSON.parse(list)).toMatchObject({ active: id, accounts: [{ id, email: 'bob@acme.test' }] });
    expect(list).not.toContain(token);
    await t.core.close();
    const again = openCore(dataDir);
    try {
      await again.waitForState('live');
      expect((await again.call('session:get', {})).user?.email).toBe('bob@acme.test');
    } finally {
      await again.core.close();
    }
  });

  it('uses the secret store the host passes: the token leaves at sign-out, the key only with the local data', async () => {
    const store = memorySecretStore('os');
    const dataDir = tempDataDir();
    const t = openCore(dataDir, { secrets: store });
    const { accountId } = await t.call('session:login', {
      serverUrl: server.url,
      email: 'dave@acme.test',
      password: DEMO_PASSWORD,
    });
    const id = accountId!;
    expect([...store.entries.keys()].sort()).toEqual([cacheKeySecret(id), tokenSecret(id)].sort());
    expect(store.entries.get(cacheKeySecret(id))).toMatch(/^[0-9a-f]{64}$/);
    await t.waitForState('live');
    await t.call('session:logout', {});
    expect([...store.entries.keys()]).toEqual([cacheKeySecret(id)]);
    await waitUntil(() => t.statuses.at(-1)?.state === 'signedOut');
    await t.call('session:logout', { accountId: id, removeLocalData: true });
    expect(store.entries.size).toBe(0);
    await t.core.close();
  });
});

describe('late subscribers', () => {
  it('get the current sync status as soon as they subscribe', async () => {
    const server = await startTestServer();
    const t = openCore(tempDataDir());
    try {
      await t.call('session:login', { serverUrl: server.url, email: 'alice@acme.test', password: DEMO_PASSWORD });
      await t.waitForState('live');
      const seen: string[] = [];
      const off = t.core.on('sync:status', (s) => seen.push(s.state));
      await waitUntil(() => seen.length > 0, 2000, 'replayed status');
      off();
      expect(seen).toEqual(['live']);
    } finally {
      await t.core.close();
      await server.close();
    }
  });
});

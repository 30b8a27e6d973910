// Offline start on a laptop (issue 13): the last account's cache opens without the server and without
// a token (none stored: no keychain, or the user said no), reads, searches and queues; the password
// is asked for only once the server is reachable, and what was queued is delivered exactly once.
// Also "Retry now": a reconnect at once instead of waiting out the backoff.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { tokenSecret } from '../../main/core/index';
import {
  openCore,
  serverStreamState,
  signedInCore,
  streamIdByName,
  tempDataDir,
  useRestartableServer,
  waitUntil,
} from '../helpers/core';

/** The host asks before storing tokens in plain files (the desktop app without a keychain). */
const NO_KEYCHAIN = { confirmPlainTokenStorage: true } as const;

describe('offline start without a stored token', () => {
  const server = useRestartableServer();
  const dataDir = tempDataDir();
  let design = '';
  let accountId = '';
  const queued = 'written on the plane, sent on landing';

  it('signs in; until the user answers the question, the token stays in memory only', async () => {
    const t = openCore(dataDir, NO_KEYCHAIN);
    try {
      const session = await t.call('session:login', {
        serverUrl: server().url,
        email: 'alice@acme.test',
        password: DEMO_PASSWORD,
      });
      accountId = session.accountId!;
      expect(session.askTokenStorage).toBe(true);
      expect((await t.call('settings:get', {})).tokenStorage).toEqual({
        protection: 'file',
        choice: null,
        askUser: true,
      });
      await t.waitForState('live');
      design = await streamIdByName(t, 'Design');
      expect(existsSync(join(dataDir, 'secrets', tokenSecret(accountId)))).toBe(false);
    } finally {
      await t.core.close();
    }
  });

  it('opens the cache with the server down and no token: reads, searches and queues', async () => {
    await server().stop();
    const t = openCore(dataDir, NO_KEYCHAIN);
    try {
      const session = await t.call('session:get', {});
      expect(session).toMatchObject({
        signedIn: true,
        accountId,
        needsPassword: true,
        email: 'alice@acme.test',
        user: { email: 'alice@acme.test' },
      });
      await t.waitForState('offline');
      const list = await t.call('message:list', { streamId: design });
      expect(list.messages.map((m) => m.body)).toContain(
        'New icon set is ready for review **with dark mode** 🎨 #icons',
      );
      const hits = await t.call('search:query', { query: 'palette' });
      expect(hits.hits.map((h) => h.streamName)).toEqual(['Design']);
      await t.call('message:send', { streamId: design, body: queued });
      const pending = await t.call('message:list', { streamId: design });
      expect(pending.messages.at(-1)).toMatchObject({ body: queued, status: 'pending' });
    } finally {
      await t.core.close();
    }
  });

  it('asks for the password once the server is reachable; the same cache then syncs and sends once', async () => {
    const t = openCore(dataDir, NO_KEYCHAIN);
    try {
      await t.waitForState('offline');
      await server().start();
      // the probe's backoff is short in tests; Retry now makes it look at once anyway
      await t.call('sync:retryNow', {});
      await t.waitForState('signInRequired');
      const before = (await t.call('message:list', { streamId: design })).messages.length;
      await t.call('session:login', { serverUrl: server().url, email: 'alice@acme.test', password: DEMO_PASSWORD });
      await t.waitForState('live');
      expect(readdirSync(join(dataDir, 'accounts', accountId)).some((f) => f.includes('corrupt'))).toBe(false);
      expect((await t.call('message:list', { streamId: design })).messages.length).toBeGreaterThanOrEqual(before);
      await waitUntil(() => t.statuses.at(-1)?.pendingCount === 0, 15_000, 'outbox drained');
      const truth = await serverStreamState(server().url, 'alice@acme.test', design);
      expect(truth.filter((m) => m.body === queued)).toHaveLength(1);
      expect((await t.call('session:get', {})).needsPassword).toBe(false);
    } finally {
      await t.core.close();
    }
  });

  it('once the user says "store", the token is kept and the next start syncs without a password', async () => {
    const t = openCore(dataDir, NO_KEYCHAIN);
    try {
      await t.waitForState('signInRequired');
      await t.call('session:login', { serverUrl: server().url, email: 'alice@acme.test', password: DEMO_PASSWORD });
      const settings = await t.call('settings:set', { tokenStorage: 'store' });
      expect(settings.tokenStorage).toEqual({ protection: 'file', choice: 'store', askUser: false });
      expect(existsSync(join(dataDir, 'secrets', tokenSecret(accountId)))).toBe(true);
      expect((await t.call('session:get', {})).askTokenStorage).toBe(false);
    } finally {
      await t.core.close();
    }
    const again = openCore(dataDir, NO_KEYCHAIN);
    try {
      await again.waitForState('live');
      await again.call('settings:set', { tokenStorage: 'dontStore' });
      expect(existsSync(join(dataDir, 'secrets', tokenSecret(accountId)))).toBe(false);
    } finally {
      await again.core.close();
    }
  });
});

describe('Retry now', () => {
  const server = useRestartableServer();

  it('reconnects at once instead of waiting out a long backoff', async () => {
    // a backoff far longer than the test's patience: only Retry now can bring it back in time
    const t = await signedInCore(server().url, 'bob@acme.test', tempDataDir(), {
      reconnect: { minDelayMs: 120_000, maxDelayMs: 120_000 },
    });
    try {
      await server().stop();
      await t.waitForState('offline');
      await server().start();
      await t.call('sync:retryNow', {});
      await t.waitForState('live', 10_000);
      // live already: another Retry now leaves the connection alone
      const statuses = t.statuses.length;
      await t.call('sync:retryNow', {});
      const streams = await t.call('stream:list', {});
      expect(streams.streams.length).toBeGreaterThan(0);
      expect(t.statuses.slice(statuses).some((s) => s.state !== 'live')).toBe(false);
    } finally {
      await t.core.close();
    }
  });
});

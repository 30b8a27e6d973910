// Encryption at rest: each account's cache is encrypted with its own random key (kept in the secret
// store, never beside the cache); a cache from before encryption is encrypted in place at open.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cacheFile } from '../../main/core/account';
import { connect, isPlainSqliteFile } from '../../main/core/cache/database';
import { listAllInStream } from '../../main/core/cache/messages';
import {
  cacheKeyOf,
  openAccountCache,
  openCore,
  signedInCore,
  streamIdByName,
  tempDataDir,
  waitUntil,
} from '../helpers/core';
import { startTestServer } from '../helpers/server';

describe('the cache at rest', () => {
  it('is encrypted: no plain header, no message text in the file or its WAL, unreadable without the key', async () => {
    const server = await startTestServer();
    const body = `a secret plan nobody should read from a lost laptop ${Date.now()}`;
    const t = await signedInCore(server.url, 'alice@acme.test');
    const { accountId } = await t.call('session:get', {});
    const design = await streamIdByName(t, 'Design');
    await t.call('message:send', { streamId: design, body });
    await waitUntil(() => t.statuses.at(-1)?.pendingCount === 0, 10_000, 'sent');
    const file = cacheFile(t.dataDir, accountId!);
    const bytes = () =>
      Buffer.concat(['', '-wal'].filter((s) => existsSync(file + s)).map((s) => readFileSync(file + s)));
    try {
      expect((await t.call('cache:get', {})).encrypted).toBe(true);
      // while open (WAL in use) and after a clean close
      for (const phase of ['open', 'closed']) {
        if (phase === 'closed') await t.core.close();
        expect(isPlainSqliteFile(file)).toBe(false);
        expect(bytes().includes(Buffer.from(body))).toBe(false);
        expect(bytes().includes(Buffer.from('Spring launch drafts'))).toBe(false);
      }
      const noKey = connect(file, { readonly: true });
      expect(() => noKey.prepare('SELECT COUNT(*) FROM messages').get()).toThrow(/not a database/);
      noKey.close();
      const wrong = connect(file, { readonly: true }, { key: 'ab'.repeat(32) });
      expect(() => wrong.prepare('SELECT COUNT(*) FROM messages').get()).toThrow(/not a database/);
      wrong.close();
      const db = openAccountCache(t.dataDir, accountId!);
      expect(listAllInStream(db, design).map((m) => m.body)).toContain(body);
      db.close();
    } finally {
      await t.core.close();
      await server.close();
    }
  });

  it('a cache written unencrypted (before this version) is encrypted in place, keeping its data and outbox', async () => {
    const server = await startTestServer();
    const dataDir = tempDataDir();
    const plain = await signedInCore(server.url, 'bob@acme.test', dataDir, { encryptCache: false });
    const { accountId } = await plain.call('session:get', {});
    const design = await streamIdByName(plain, 'Design');
    await server.close();
    await plain.waitForState('offline');
    await plain.call('message:send', { streamId: design, body: 'queued before the upgrade' });
    await plain.core.close();
    const file = cacheFile(dataDir, accountId!);
    expect(isPlainSqliteFile(file)).toBe(true);

    const t = openCore(dataDir);
    try {
      const session = await t.call('session:get', {});
      expect(session).toMatchObject({ signedIn: true, notice: null });
      expect(isPlainSqliteFile(file)).toBe(false);
      const list = await t.call('message:list', { streamId: design });
      expect(list.messages.map((m) => [m.body, m.status])).toContainEqual(['queued before the upgrade', 'pending']);
      expect(cacheKeyOf(dataDir, accountId!)).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await t.core.close();
    }
  });
});

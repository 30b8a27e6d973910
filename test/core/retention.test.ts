// Retention purges reach the client cache (docs/governance.md#retention-and-legal-hold): a core that
// is online removes purged messages when the `messages:purged` entry arrives; a core that was
// offline during the purge removes them on its next catch-up. Either way nothing of them is left:
// no row, no FTS hit, no unread count, no outbox reply to them.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { RetentionAdmin } from '../../server/admin/retention.admin';
import { openStore, storageTarget } from '../../server/db/openStore';
import type { Store } from '../../server/db/store';
import { runRetentionPass } from '../../server/jobs/retentionJob';
import { applyPurge } from '../../main/core/cache/purge';
import { storeMessages } from '../../main/core/cache/apply';
import { messageSchema } from '../../shared/protocol/index';
import {
  openAccountCache,
  sendAndWaitSent,
  signedInCore,
  streamIdByName,
  useRestartableServer,
  waitUntil,
  type TestCore,
} from '../helpers/core';
import { loginAndConnect, ok, startTestServer, type ClientSocket, type TestServer } from '../helpers/server';

const DAY = 86_400_000;

/** Makes messages look `days` old on the server (the purge measures age by created_at). */
const age = (store: Store, ids: string[], days: number) =>
  store.withSql(async (sql) => {
    for (const id of ids)
      await sql.run('UPDATE messages SET created_at = ? WHERE id = ?', [Date.now() - days * DAY, id]);
  });

/** What a closed core's cache still holds of these messages: rows, FTS hits for `word`, outbox rows. */
function leftInCache(core: Pick<TestCore, 'dataDir'>, userId: string, ids: string[], word: string) {
  const db = openAccountCache(core.dataDir, userId);
  try {
    const list = JSON.stringify(ids);
    return {
      rows: db.prepare('SELECT COUNT(*) FROM messages WHERE id IN (SELECT value FROM json_each(?))').pluck().get(list),
      fts: db.prepare('SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(word),
      outbox: db
        .prepare('SELECT COUNT(*) FROM outbox WHERE thread_root_id IN (SELECT value FROM json_each(?))')
        .pluck()
        .get(list),
    };
  } finally {
    db.close();
  }
}

describe('a core online during the purge', () => {
  let ts: TestServer;
  let bob: TestCore;
  let alice: ClientSocket;
  let design: string;

  beforeAll(async () => {
    ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
    bob = await signedInCore(ts.url, 'bob@acme.test');
    alice = (await loginAndConnect(ts.url, 'alice@acme.test')).socket;
    design = await streamIdByName(bob, 'Design');
  });
  afterAll(async () => {
    alice?.close();
    await bob?.core.close();
    await ts?.close();
  });

  it('removes the purged messages, their search hits and unread counts, and keeps the rest', async () => {
    const post = async (body: string) =>
      (await ok(alice, 'message:send', { streamId: design, clientId: uuidv7(), body })).message;
    const expired = await post('zanzibar expired note for @bob');
    const kept = await post('zanzibar fresh note');
    await waitUntil(
      async () => (await bob.call('search:query', { query: 'zanzibar' })).hits.length === 2,
      10_000,
      'both notes cached',
    );
    const unreadBefore = (await bob.call('stream:list', {})).streams.find((s) => s.id === design)!;
    // everything in Design but `kept` is older than the period
    await ts.server.store.withSql((sql) =>
      sql.run('UPDATE messages SET created_at = ? WHERE stream_id = ? AND id <> ?', [
        Date.now() - 40 * DAY,
        design,
        kept.id,
      ]),
    );
    await new RetentionAdmin(ts.server.store).setRetention({ org: 'Acme', team: 'design', days: 30 });
    const result = await ts.server.retention.runPass();
    expect(result).toMatchObject({ skipped: false });
    await waitUntil(
      async () => (await bob.call('search:query', { query: 'zanzibar' })).hits.length === 1,
      10_000,
      'purge applied',
    );
    const { messages } = await bob.call('message:list', { streamId: design, limit: 500 });
    expect(messages.map((m) => m.id)).toEqual([kept.id]);
    expect((await bob.call('search:query', { query: 'zanzibar' })).hits.map((h) => h.message.id)).toEqual([kept.id]);
    const after = (await bob.call('stream:list', {})).streams.find((s) => s.id === design)!;
    // the expired notes (one mentioned bob) no longer count: only the fresh one is unread
    expect(unreadBefore.mentions).toBeGreaterThan(0);
    expect(after.unread).toBe(1);
    expect(after.mentions).toBe(0);
    expect(bob.changes.some((c) => c.streamIds.includes(design) && c.kinds.includes('messages'))).toBe(true);
    expect(messages.some((m) => m.id === expired.id)).toBe(false);
  });
});

describe('a core offline during the purge', () => {
  const server = useRestartableServer();
  let bob: TestCore | undefined;

  afterAll(async () => {
    await bob?.core.close();
  });

  it('removes the purged messages and its queued replies to them when it catches up', async () => {
    bob = await signedInCore(server().url, 'bob@acme.test');
    const { accountId } = await bob.call('session:get', {});
    const design = await streamIdByName(bob, 'Design');
    const expired = await sendAndWaitSent(bob, design, 'quokka expired note');
    const kept = await sendAndWaitSent(bob, design, 'quokka fresh note');
    await server().stop();
    await bob.waitForState('offline');
    // offline: bob replies to the note that is about to expire; the reply waits in the outbox
    await bob.call('message:send', { streamId: design, body: 'quokka reply', threadRootId: expired });

    // the purge runs while bob is away (the server's own job does the same on its schedule)
    const store = await openStore(storageTarget({ dataDir: server().dataDir }));
    try {
      await store.withSql((sql) =>
        sql.run('UPDATE messages SET created_at = ? WHERE stream_id = ?', [Date.now() - 40 * DAY, design]),
      );
      await age(store, [kept], 0);
      await new RetentionAdmin(store).setRetention({ org: 'Acme', team: 'design', days: 30 });
      expect(await runRetentionPass(store, { holder: 'test' })).toMatchObject({ skipped: false });
    } finally {
      await store.close();
    }

    await server().start();
    await bob.waitForState('live');
    await waitUntil(
      async () => (await bob!.call('message:list', { streamId: design, limit: 500 })).messages.length === 1,
      10_000,
      'caught up past the purge',
    );
    const { messages } = await bob.call('message:list', { streamId: design, limit: 500 });
    expect(messages.map((m) => m.id)).toEqual([kept]);
    expect((await bob.call('search:query', { query: 'quokka' })).hits.map((h) => h.message.id)).toEqual([kept]);
    const dataDir = bob.dataDir;
    await bob.core.close();
    bob = undefined;
    expect(leftInCache({ dataDir }, accountId!, [expired], 'quokka')).toEqual({
      rows: 0,
      fts: 1,
      outbox: 0,
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('does not bring a purged message back from an answer that left the server before the purge', async () => {
    const t = await signedInCore(server().url, 'carol@acme.test');
    try {
      const acme = await streamIdByName(t, 'Acme');
      const id = await sendAndWaitSent(t, acme, 'answer in flight');
      const { messages } = await t.call('message:list', { streamId: acme, limit: 500 });
      const stale = messages.find((m) => m.id === id)!;
      // the purge entry arrives first; a history page carrying the old message comes after it
      const { accountId } = await t.call('session:get', {});
      await t.core.close();
      const db = openAccountCache(t.dataDir, accountId!, { readonly: false });
      try {
        db.transaction(() => applyPurge(db, acme, { messageIds: [id], promotionIds: [], threadRoots: [] }))();
        expect(storeMessages(db, accountId!, [messageSchema.parse(stale)])).toBe(0);
        expect(db.prepare('SELECT COUNT(*) FROM messages WHERE id = ?').pluck().get(id)).toBe(0);
      } finally {
        db.close();
      }
    } finally {
      rmSync(t.dataDir, { recursive: true, force: true });
    }
  });
});

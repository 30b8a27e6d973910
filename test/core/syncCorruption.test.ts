// Corruption that the structure probe cannot see and that the sync path hits first (a live event
// written into a damaged index page) goes to recovery at once, instead of a reconnect loop that
// fails on the same page every time until some UI request happens to touch it.
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { cacheFile } from '../../main/core/account';
import { storeMessages } from '../../main/core/cache/apply';
import { closeCache, openCache } from '../../main/core/cache/database';
import { upsertStream } from '../../main/core/cache/streams';
import {
  openCore,
  restartableServer,
  signedInCore,
  streamIdByName,
  waitUntil,
  type RestartableServer,
} from '../helpers/core';
import { fillerMessages } from '../helpers/entities';

/** Overwrites the last leaf page of the clientId index, where every new message's entry goes. */
function damageLastClientIdPage(file: string): void {
  const probe = new Database(file, { readonly: true });
  const page = probe
    .prepare(
      `SELECT pageno FROM dbstat WHERE name = 'messages_client' AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1`,
    )
    .pluck()
    .get() as number;
  const pageSize = probe.pragma('page_size', { simple: true }) as number;
  probe.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

describe('corruption hit by the sync path', () => {
  let server: RestartableServer;
  beforeAll(async () => {
    server = await restartableServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sets the cache aside and resyncs without waiting for the background check or a UI request', async () => {
    const first = await signedInCore(server.url, 'alice@acme.test');
    const { dataDir } = first;
    const userId = (await first.call('session:get', {})).user!.id;
    const design = await streamIdByName(first, 'Design');
    await first.core.close();
    const file = cacheFile(dataDir, userId);
    const db = openCache(file);
    const fillerId = uuidv7();
    upsertStream(
      db,
      {
        id: fillerId,
        kind: 'team',
        teamId: uuidv7(),
        name: 'Filler',
        headSeq: 0,
        lastReadSeq: 0,
        unread: 0,
        mentions: 0,
        role: null,
      },
      0,
    );
    storeMessages(db, userId, fillerMessages(fillerId, 3000));
    db.pragma('wal_checkpoint(TRUNCATE)');
    closeCache(db);
    damageLastClientIdPage(file);

    // the background quick_check is far away: only the sync path can notice
    const t = openCore(dataDir, { integrityCheckDelayMs: 600_000 });
    const bob = await signedInCore(server.url, 'bob@acme.test');
    try {
      await t.waitForState('live');
      await bob.call('messages:send', { streamId: design, body: 'written into a damaged page' });
      await waitUntil(async () => /damaged/.test((await t.call('session:get', {})).notice ?? ''), 10_000, 'notice');
      expect(readdirSync(dirname(file)).some((f) => f.startsWith('cache.sqlite.corrupt-'))).toBe(true);
      await waitUntil(
        async () =>
          (await t.call('messages:list', { streamId: design })).messages.some(
            (m) => m.body === 'written into a damaged page',
          ),
        10_000,
        'resynced into the fresh cache',
      );
    } finally {
      await Promise.all([t.core.close(), bob.core.close()]);
    }
  });
});

// The cache integrity guarantee without a full quick_check at every start: full check after an
// unclean shutdown (open marker left behind), otherwise a structure probe at open and quick_check in a
// worker thread once the UI is up; damage found later is handled like damage found at open.
import { closeSync, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { cacheFile } from '../../main/core/account';
import { storeMessages } from '../../main/core/cache/apply';
import { closeCache, openCache, openCacheChecked, openMarker, type Db } from '../../main/core/cache/database';
import { upsertStream } from '../../main/core/cache/streams';
import { checkInBackground, isCorruptionError } from '../../main/core/cache/integrity';
import { openOrRecoverCache } from '../../main/core/cache/recovery';
import {
  openCore,
  restartableServer,
  signedInCore,
  streamIdByName,
  tempDataDir,
  waitUntil,
  type RestartableServer,
} from '../helpers/core';
import { fillerMessages } from '../helpers/entities';

/** A cached stream to hold filler (messages of streams the cache does not know are never stored). */
function fillerStream(db: Db): string {
  const id = uuidv7();
  upsertStream(
    db,
    {
      id,
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
  return id;
}

/** Overwrites the last leaf page of an index: the structure probe (first leaf only) cannot see it. */
function damageDeepPage(file: string, index = 'messages_client'): void {
  const probe = new Database(file, { readonly: true });
  const page = probe
    .prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1`)
    .pluck()
    .get(index) as number;
  const pageSize = probe.pragma('page_size', { simple: true }) as number;
  probe.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

/** A cleanly closed cache file with enough rows for multi-level b-trees. */
function bigCache(): string {
  const file = join(tempDataDir(), 'cache.sqlite');
  const db = openCache(file);
  storeMessages(db, uuidv7(), fillerMessages(fillerStream(db), 3000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  closeCache(db);
  return file;
}

describe('cache open: marker, probe and full check', () => {
  it('runs the full check only when the last close was not clean', () => {
    const file = join(tempDataDir(), 'cache.sqlite');
    const first = openCacheChecked(file);
    expect(existsSync(openMarker(file))).toBe(true);
    first.db.close(); // not closeCache: as if the process died
    const second = openCacheChecked(file);
    expect(second.fullyChecked).toBe(true);
    closeCache(second.db);
    expect(existsSync(openMarker(file))).toBe(false);
    const third = openCacheChecked(file);
    expect(third.fullyChecked).toBe(false);
    closeCache(third.db);
  });

  it('after an unclean shutdown, deep damage is found at open and the cache is set aside', () => {
    const file = bigCache();
    damageDeepPage(file);
    const { db } = openCacheChecked(file, { fullCheck: false }); // the probe alone misses it
    db.close(); // …and this session "crashes": the marker stays
    const opened = openOrRecoverCache(file);
    try {
      expect(opened.notice).toMatch(/damaged/);
      expect(readdirSync(dirname(file)).some((f) => f.startsWith('cache.sqlite.corrupt-'))).toBe(true);
    } finally {
      closeCache(opened.db);
    }
  });

  it('the background check passes a sound cache and fails a damaged one', async () => {
    const file = bigCache();
    expect(await checkInBackground(file).result).toEqual({ ok: true });
    damageDeepPage(file);
    const result = await checkInBackground(file).result;
    expect(result.ok).toBe(false);
  });

  it('recognizes SQLite corruption errors', () => {
    expect(isCorruptionError(Object.assign(new Error('malformed'), { code: 'SQLITE_CORRUPT' }))).toBe(true);
    expect(isCorruptionError(Object.assign(new Error('x'), { code: 'SQLITE_NOTADB' }))).toBe(true);
    expect(isCorruptionError(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isCorruptionError(null)).toBe(false);
  });
});

describe('a cleanly closed cache damaged deep inside', () => {
  let server: RestartableServer;
  beforeAll(async () => {
    server = await restartableServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('opens at once, then the background check sets it aside and the core rebuilds and resyncs', async () => {
    const first = await signedInCore(server.url, 'alice@acme.test');
    const { dataDir } = first;
    const userId = (await first.call('session:get', {})).user!.id;
    const design = await streamIdByName(first, 'Design');
    await first.core.close();
    const file = cacheFile(dataDir, userId);
    const db = openCache(file);
    storeMessages(db, userId, fillerMessages(fillerStream(db), 3000));
    db.pragma('wal_checkpoint(TRUNCATE)');
    closeCache(db);
    damageDeepPage(file);

    const t = openCore(dataDir, { integrityCheckDelayMs: 50 });
    try {
      // no notice at open: only the structure probe ran
      expect((await t.call('session:get', {})).notice).toBeNull();
      await waitUntil(async () => /damaged/.test((await t.call('session:get', {})).notice ?? ''), 15_000, 'notice');
      expect(readdirSync(dirname(file)).some((f) => f.startsWith('cache.sqlite.corrupt-'))).toBe(true);
      await t.waitForState('live');
      const session = await t.call('session:get', {});
      expect(session.signedIn).toBe(true);
      expect(session.user?.email).toBe('alice@acme.test');
      await waitUntil(
        async () => (await t.call('messages:list', { streamId: design })).messages.length > 0,
        10_000,
        'resync',
      );
      expect(t.changes.some((c) => c.kinds.includes('session'))).toBe(true);
    } finally {
      await t.core.close();
    }
  });
});

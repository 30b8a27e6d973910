// The cache integrity guarantee without a full quick_check at every start: full check after an
// unclean shutdown (open marker left behind), otherwise a structure probe at open and quick_check in a
// worker thread once the UI is up; damage found later is handled like damage found at open.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFile } from '../../main/core/account';
import { closeCache, openCacheChecked, openMarker } from '../../main/core/cache/database';
import { checkInBackground, isCorruptionError } from '../../main/core/cache/integrity';
import { openOrRecoverCache } from '../../main/core/cache/recovery';
import {
  cacheKeyOf,
  openCore,
  useRestartableServer,
  signedInCore,
  streamIdByName,
  tempDataDir,
  waitUntil,
} from '../helpers/core';
import { damageLastLeafPage, growClosedCache } from '../helpers/cacheDamage';

/** A cleanly closed cache file with enough rows for multi-level b-trees. */
function bigCache(): string {
  const file = join(tempDataDir(), 'cache.sqlite');
  growClosedCache(file);
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
    damageLastLeafPage(file);
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
    damageLastLeafPage(file);
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
  const server = useRestartableServer();

  it('opens at once, then the background check sets it aside and the core rebuilds and resyncs', async () => {
    const first = await signedInCore(server().url, 'alice@acme.test');
    const { dataDir } = first;
    const userId = (await first.call('session:get', {})).user!.id;
    const design = await streamIdByName(first, 'Design');
    await first.core.close();
    const file = cacheFile(dataDir, userId);
    const key = { key: cacheKeyOf(dataDir, userId) };
    growClosedCache(file, userId, 3000, key);
    damageLastLeafPage(file, 'messages_client', key);

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
        async () => (await t.call('message:list', { streamId: design })).messages.length > 0,
        10_000,
        'resync',
      );
      expect(t.changes.some((c) => c.kinds.includes('session'))).toBe(true);
    } finally {
      await t.core.close();
    }
  });
});

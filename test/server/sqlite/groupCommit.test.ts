// SQLite only: group commit (server/db/sqlite/groupCommit.ts). Units of work that arrive while the
// connection is busy share one transaction and one sync to disk, each writer in its own savepoint;
// a unit settles only once that transaction has committed. (PostgreSQL shares WAL flushes between
// concurrent transactions itself; its store runs one transaction per unit.)
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/ids';
import { SqliteStore } from '../../../server/db/sqlite/store';
import { DEFAULT_GROUP_COMMIT } from '../../../server/db/sqlite/groupCommit';
import { connectDemoUsers, ok, startTestServer, streamNamed } from '../../helpers/server';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store on a fresh file with a scratch table `notes (n)`. */
async function scratchStore(groupCommit = true): Promise<{ store: SqliteStore; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-group-'));
  dirs.push(dir);
  const file = join(dir, 'tributary.db');
  const store = SqliteStore.open(file, { ...DEFAULT_GROUP_COMMIT, enabled: groupCommit });
  stores.push(store);
  await store.withSql((sql) => sql.exec('CREATE TABLE notes (n INTEGER NOT NULL)'));
  return { store, file };
}

const insert = (store: SqliteStore, n: number) =>
  store.withSql(async (sql) => {
    await sql.run('INSERT INTO notes (n) VALUES (?)', [n]);
    return n;
  });

const stored = async (store: SqliteStore) =>
  (await store.withSql((sql) => sql.all<{ n: number }>('SELECT n FROM notes ORDER BY n'))).map((r) => r.n);

describe('group commit (SQLite)', () => {
  it('commits units that arrive together in one transaction; one failing unit rolls back alone', async () => {
    const { store } = await scratchStore();
    const before = store.stats().commits;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) =>
        n === 7
          ? store.withSql(async (sql) => {
              await sql.run('INSERT INTO notes (n) VALUES (?)', [n]);
              throw new Error('refused after writing');
            })
          : insert(store, n),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect(store.stats().commits - before).toBe(1);
    expect(await stored(store)).toEqual(Array.from({ length: 20 }, (_, n) => n).filter((n) => n !== 7));
  });

  it('settles a unit only once its transaction is committed: another connection sees the row by then', async () => {
    const { store, file } = await scratchStore();
    const reader = new Database(file, { readonly: true });
    try {
      const seen = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          insert(store, n).then((v) => reader.prepare('SELECT COUNT(*) AS c FROM notes WHERE n = ?').get(v)),
        ),
      );
      expect(seen).toEqual(Array.from({ length: 20 }, () => ({ c: 1 })));
    } finally {
      reader.close();
    }
  });

  it('runs readers before the writers of their batch, on committed data, without waiting for the sync', async () => {
    const { store } = await scratchStore();
    await insert(store, 1);
    const order: string[] = [];
    const writer = insert(store, 2).then(() => order.push('writer'));
    const reader = store
      .withSql((sql) => sql.all<{ n: number }>('SELECT n FROM notes'), { readOnly: true })
      .then((rows) => {
        order.push('reader');
        return rows.map((r) => r.n);
      });
    expect(await reader).toEqual([1]);
    await writer;
    expect(order).toEqual(['reader', 'writer']);
    // and a reader cannot write
    await expect(store.withSql((sql) => sql.run('DELETE FROM notes'), { readOnly: true })).rejects.toThrow(
      /readonly|read-only|query_only/i,
    );
  });

  it('runs again the units of a transaction the engine rolled back as a whole', async () => {
    const { store } = await scratchStore();
    const outcomes = await Promise.allSettled([
      insert(store, 1),
      insert(store, 2),
      // ends the shared transaction, as a disk-full or I/O error would: its batch-mates are undone
      store.withSql((sql) => sql.exec('ROLLBACK')),
      insert(store, 3),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await stored(store)).toEqual([1, 2, 3]);
    expect(store.stats().retries).toBe(3);
  });

  it('without group commit, commits every unit alone (the comparison the send benchmark makes)', async () => {
    const { store } = await scratchStore(false);
    const before = store.stats().commits;
    await Promise.all(Array.from({ length: 10 }, (_, n) => insert(store, n)));
    expect(store.stats().commits - before).toBe(10);
  });

  it('commits concurrent sends from different users in fewer transactions than sends', async () => {
    const ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
    const sockets = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol', 'dave']);
    try {
      const acme = await streamNamed(sockets[0], 'Acme');
      const before = ts.server.store.stats();
      const rounds = 5;
      for (let round = 0; round < rounds; round += 1)
        await Promise.all(
          sockets.map((s, i) =>
            ok(s, 'message:send', { streamId: acme.id, clientId: uuidv7(), body: `round ${round} from ${i}` }),
          ),
        );
      const after = ts.server.store.stats();
      expect(after.units - before.units).toBeGreaterThanOrEqual(rounds * sockets.length);
      expect(after.commits - before.commits).toBeLessThan(rounds * sockets.length);
    } finally {
      for (const s of sockets) s.close();
      await ts.close();
    }
  });
});

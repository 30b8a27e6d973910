// PostgreSQL only: how the store runs units of work on a pool. A unit that PostgreSQL aborts for a
// deadlock, or that loses a unique-key race to another connection, runs again and succeeds; other
// errors are not retried. Statements are written with `?` and prepared once per connection.
import { afterEach, describe, expect, it } from 'vitest';
import { numberPlaceholders } from '../../../server/db/postgres/placeholders';
import { PostgresStore } from '../../../server/db/postgres/store';
import type { Sql } from '../../../server/db/sql';
import { createTestStorage, type TestStorage } from '../../helpers/storage';

const storages: TestStorage[] = [];
const stores: PostgresStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const storage of storages.splice(0)) await storage.dispose();
});

/** A store on a fresh database with a scratch table `counters (id, v)` holding rows 1 and 2. */
async function scratchStore(poolSize = 4): Promise<PostgresStore> {
  const storage = await createTestStorage('postgres');
  storages.push(storage);
  if (storage.target.engine !== 'postgres') throw new Error('expected a PostgreSQL target');
  const store = await PostgresStore.open(storage.target.url, { poolSize });
  stores.push(store);
  await store.withSql(async (sql) => {
    await sql.exec('CREATE TABLE counters (id INTEGER PRIMARY KEY, v INTEGER NOT NULL CHECK (v < 100))');
    await sql.exec('INSERT INTO counters VALUES (1, 0), (2, 0)');
  });
  return store;
}

/** A promise with its resolver, to make two units meet at a point. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire = () => undefined as void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

const bump = (sql: Sql, id: number) => sql.run('UPDATE counters SET v = v + 1 WHERE id = ?', [id]);

describe('PostgreSQL store', () => {
  it('runs again a unit aborted by a deadlock, so both units succeed once', async () => {
    const store = await scratchStore();
    const aHasOne = signal();
    const bHasTwo = signal();
    // A locks row 1 then wants 2; B locks 2 then wants 1: PostgreSQL aborts one of them (40P01)
    const a = store.withSql(async (sql) => {
      await bump(sql, 1);
      aHasOne.fire();
      await bHasTwo.promise;
      await bump(sql, 2);
    });
    const b = store.withSql(async (sql) => {
      await bump(sql, 2);
      bHasTwo.fire();
      await aHasOne.promise;
      await bump(sql, 1);
    });
    await Promise.all([a, b]);
    const rows = await store.withSql((sql) =>
      sql.all<{ id: number; v: number }>('SELECT id, v FROM counters ORDER BY id'),
    );
    expect(rows).toEqual([
      { id: 1, v: 2 },
      { id: 2, v: 2 },
    ]);
    expect(store.stats().retries).toBeGreaterThanOrEqual(1);
  });

  it('runs again a unit that lost a unique-key race: the rerun finds the winner', async () => {
    const store = await scratchStore();
    await store.withSql((sql) => sql.exec('CREATE TABLE sends (client_id TEXT PRIMARY KEY, by TEXT NOT NULL)'));
    const checked = [signal(), signal()];
    // both look for the key, find nothing, then insert it: the idempotent send's shape
    const send = (who: number) =>
      store.withSql(async (sql) => {
        const found = await sql.get<{ by: string }>('SELECT by FROM sends WHERE client_id = ?', ['c1']);
        if (found) return `found ${found.by}`;
        checked[who]!.fire();
        await checked[1 - who]!.promise;
        await sql.run('INSERT INTO sends (client_id, by) VALUES (?, ?)', ['c1', `unit ${who}`]);
        return `inserted by unit ${who}`;
      });
    const answers = await Promise.all([send(0), send(1)]);
    const winner = answers.find((a) => a.startsWith('inserted'))!;
    expect(answers.filter((a) => a.startsWith('inserted'))).toHaveLength(1);
    expect(answers).toContain(`found ${winner.slice('inserted by '.length)}`);
    expect(store.stats().retries).toBeGreaterThanOrEqual(1);
  });

  it('does not retry an error that a rerun cannot fix', async () => {
    const store = await scratchStore();
    const before = store.stats();
    let runs = 0;
    await expect(
      store.withSql(async (sql) => {
        runs += 1;
        await sql.run('UPDATE counters SET v = 500 WHERE id = 1');
      }),
    ).rejects.toMatchObject({ code: '23514' });
    expect(runs).toBe(1);
    expect(store.stats().retries).toBe(before.retries);
  });

  it('prepares each statement once per connection, under a stable name', async () => {
    const store = await scratchStore(1);
    const text = 'SELECT v FROM counters WHERE id = ?';
    for (let i = 0; i < 3; i += 1) await store.withSql((sql) => sql.get(text, [1]));
    const prepared = await store.withSql((sql) =>
      sql.all<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE statement = ?', [
        numberPlaceholders(text),
      ]),
    );
    expect(prepared).toEqual([{ statement: 'SELECT v FROM counters WHERE id = $1' }]);
  });

  it('numbers ? placeholders outside quoted text and comments', () => {
    expect(numberPlaceholders(`SELECT '?', "a?b", x FROM t WHERE a = ? -- what?\n AND b = ? /* ? */ AND c = ?`)).toBe(
      `SELECT '?', "a?b", x FROM t WHERE a = $1 -- what?\n AND b = $2 /* ? */ AND c = $3`,
    );
    expect(numberPlaceholders(`SELECT 'it''s ?' WHERE v = ANY(?::text[])`)).toBe(
      `SELECT 'it''s ?' WHERE v = ANY($1::text[])`,
    );
  });
});

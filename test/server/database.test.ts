// The server's storage on this run's engine (SQLite in `node`, PostgreSQL in `server-postgres`): its
// schema version and refusal of newer ones, its durability setting, migrations, the demo seed, and
// the indexes behind the hot queries. What differs per engine is in ENGINES; the tests are the same.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/openStore';
import {
  LATEST_VERSION as POSTGRES_LATEST,
  MIGRATIONS as POSTGRES_MIGRATIONS,
} from '../../server/db/postgres/migrations/index';
import {
  LATEST_VERSION as SQLITE_LATEST,
  MIGRATIONS as SQLITE_MIGRATIONS,
} from '../../server/db/sqlite/migrations/index';
import type { Sql } from '../../server/db/sql';
import type { Migration } from '../../shared/storage/migrations';
import type { Store } from '../../server/db/store';
import { seedDemo } from '../../server/demo/seed';
import { defaultDataDir } from '../../server/paths';
import { TEST_SCRYPT_COST } from '../helpers/server';
import { createTestStorage, testEngine, type TestEngine, type TestStorage } from '../helpers/storage';

/** How each engine keeps what these tests look at. */
interface EngineFacts {
  latest: number;
  /** The dialect's migration list, to apply one migration by itself. */
  migrations: readonly Migration[];
  version(sql: Sql): Promise<number>;
  setVersion(sql: Sql, version: number): Promise<void>;
  /** The settings that make a commit durable before it is acknowledged, as a server session sees them. */
  durability(sql: Sql): Promise<Record<string, unknown>>;
  expectedDurability: Record<string, unknown>;
  /** The plan of a query, one line per step; throws unless an index serves the table it reads. */
  expectIndexed(sql: Sql, query: string, params: Array<string | number>): Promise<void>;
}

const ENGINES: Record<TestEngine, EngineFacts> = {
  sqlite: {
    latest: SQLITE_LATEST,
    migrations: SQLITE_MIGRATIONS,
    version: async (sql) => (await sql.get<{ user_version: number }>('PRAGMA user_version'))!.user_version,
    setVersion: (sql, version) => sql.exec(`PRAGMA user_version = ${version}`),
    durability: async (sql) => ({
      journal: (await sql.get<{ journal_mode: string }>('PRAGMA journal_mode'))!.journal_mode,
      foreignKeys: (await sql.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))!.foreign_keys,
      synchronous: (await sql.get<{ synchronous: number }>('PRAGMA synchronous'))!.synchronous,
    }),
    // WAL, foreign keys on, and synchronous=FULL (2): the WAL is synced at every commit
    expectedDurability: { journal: 'wal', foreignKeys: 1, synchronous: 2 },
    async expectIndexed(sql, query, params) {
      const plan = (await sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, params))
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/^SEARCH \w+ USING (COVERING INDEX|INDEX|PRIMARY KEY)/m);
      expect(plan).not.toMatch(/^SCAN (messages|stream_events|tokens|message_mentions)$/m);
    },
  },
  postgres: {
    latest: POSTGRES_LATEST,
    migrations: POSTGRES_MIGRATIONS,
    version: async (sql) => (await sql.get<{ version: number }>('SELECT version FROM schema_version'))!.version,
    setVersion: async (sql, version) => {
      await sql.run('UPDATE schema_version SET version = ?', [version]);
    },
    durability: async (sql) => ({
      synchronousCommit: (await sql.get<{ synchronous_commit: string }>('SHOW synchronous_commit'))!.synchronous_commit,
    }),
    // the server sets it on every session, whatever the database's default
    expectedDurability: { synchronousCommit: 'on' },
    async expectIndexed(sql, query, params) {
      // tiny test tables make a sequential scan cheapest; what matters is that an index can serve it
      await sql.exec('SET LOCAL enable_seqscan = off');
      const plan = (await sql.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`, params))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index (Only )?Scan/);
      expect(plan).not.toMatch(/Seq Scan/);
    },
  },
};

const engine = ENGINES[testEngine()];
const opened: Store[] = [];
const storages: TestStorage[] = [];

/** Fresh storage (migrated unless asked otherwise) and a store open on it. */
async function fresh(options: { migrated?: boolean } = {}): Promise<{ storage: TestStorage; store: Store }> {
  const storage = await createTestStorage(testEngine(), options);
  storages.push(storage);
  return { storage, store: await open(storage) };
}

async function open(storage: TestStorage): Promise<Store> {
  const store = await openStore(storage.target);
  opened.push(store);
  return store;
}

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const storage of storages.splice(0)) await storage.dispose();
});

describe(`server storage (${testEngine()})`, () => {
  it('migrates an empty database to the latest version, with durable commits', async () => {
    const { store } = await fresh({ migrated: false });
    expect(await store.withSql((sql) => engine.version(sql))).toBe(engine.latest);
    expect(await store.withSql((sql) => engine.durability(sql))).toEqual(engine.expectedDurability);
  });

  it('refuses a database written by a newer server', async () => {
    const { storage, store } = await fresh();
    await store.withSql((sql) => engine.setVersion(sql, engine.latest + 1));
    await store.close();
    await expect(openStore(storage.target)).rejects.toThrow(/newer than this server/);
  });

  it('migration 0002 erases the edit history of messages deleted before deletion erased it', async () => {
    const { store } = await fresh();
    await seedDemo(store, { scryptCost: TEST_SCRYPT_COST });
    await store.withSql(async (sql) => {
      const [gone, kept] = await sql.all<{ id: string; authorId: string }>(
        'SELECT id, author_id AS "authorId" FROM messages ORDER BY seq, id LIMIT 2',
      );
      // what a database written by the previous version looks like: a deleted message with its history
      const edit = 'INSERT INTO message_edits (message_id, previous_body, editor_id, edited_at) VALUES (?, ?, ?, 1)';
      await sql.run(edit, [gone!.id, 'the secret first version', gone!.authorId]);
      await sql.run(edit, [kept!.id, 'an honest first version', kept!.authorId]);
      await sql.run('UPDATE messages SET deleted_at = 2 WHERE id = ?', [gone!.id]);
      // 0002 alone, as the runner applies it: rewinding the version would replay every later migration too
      await sql.exec(engine.migrations.find((m) => m.version === 2)!.up);
    });
    const left = await store.withSql((sql) =>
      sql.all<{ body: string }>('SELECT previous_body AS body FROM message_edits'),
    );
    expect(left.map((r) => r.body)).toEqual(['an honest first version']);
  });

  it('seeds the demo once, every stream log gap-free', async () => {
    const { store } = await fresh();
    expect(await seedDemo(store, { scryptCost: TEST_SCRYPT_COST })).toBe(true);
    expect(await seedDemo(store, { scryptCost: TEST_SCRYPT_COST })).toBe(false);
    await store.withSql(async (sql) => {
      expect((await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))!.n).toBe(4);
      expect((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM streams WHERE kind = 'org'`))!.n).toBe(1);
      // Every stream's log is gap-free from 1 to its head, and each message's seq is its creation event's.
      const streams = await sql.all<{ id: string; head: number }>('SELECT id, head_seq AS head FROM streams');
      for (const s of streams) {
        const seqs = await sql.all<{ seq: number }>('SELECT seq FROM stream_events WHERE stream_id = ? ORDER BY seq', [
          s.id,
        ]);
        expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: s.head }, (_, i) => i + 1));
      }
      const orphans = await sql.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM messages m LEFT JOIN stream_events e
           ON e.stream_id = m.stream_id AND e.seq = m.seq AND e.type = 'message:created' WHERE e.seq IS NULL`,
      );
      expect(orphans!.n).toBe(0);
    });
  });

  it.each([
    [
      'sync page',
      'SELECT payload FROM stream_events WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ['s', 1, 5],
    ],
    ['history page', 'SELECT id FROM messages WHERE stream_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?', ['s', 1, 5]],
    [
      'idempotent send lookup',
      'SELECT id FROM messages WHERE author_id = ? AND stream_id = ? AND client_id = ?',
      ['a', 's', 'c'],
    ],
    [
      'mention counter',
      'SELECT COUNT(*) FROM message_mentions WHERE user_id = ? AND stream_id = ? AND seq > ?',
      ['u', 's', 1],
    ],
    ['token lookup', 'SELECT id FROM tokens WHERE token_hash = ?', ['h']],
    [
      'tag page',
      'SELECT message_id FROM message_tags WHERE tag = ? AND stream_id = ? AND message_id < ? ORDER BY message_id DESC LIMIT ?',
      ['t', 's', 'm', 5],
    ],
    ['top tags', 'SELECT tag, COUNT(*) FROM message_tags WHERE stream_id = ? GROUP BY tag', ['s']],
    [
      'audit viewer page by team',
      'SELECT id FROM audit WHERE org_id = ? AND team_id = ? AND at <= ? AND (at < ? OR id < ?) ORDER BY at DESC, id DESC LIMIT ?',
      ['o', 't', 5, 5, 9, 50],
    ],
    [
      'audit viewer page by action',
      'SELECT id FROM audit WHERE org_id = ? AND action = ? ORDER BY at DESC, id DESC LIMIT ?',
      ['o', 'member.add', 50],
    ],
  ])('uses an index for the hot query: %s', async (_label, query, params) => {
    const { store } = await fresh();
    await store.withSql((sql) => engine.expectIndexed(sql, query, params));
  });

  it('puts the default data folder in the per-user app-data folder', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/config' }, 'linux')).toBe('/x/config/Tributary/server');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Tributary');
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Tributary\/server$/);
  });
});

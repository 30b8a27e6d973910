import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/app';
import { databaseFile, openStore, storageTarget, type StorageTarget } from '../../server/db/openStore';
import {
  HEADLINE_OPTIONS,
  SEARCH_PAGE_SQL as POSTGRES_PAGE,
} from '../../server/repositories/postgres/search.repository';
import { NEWEST } from '../../server/repositories/search.repository';
import { toFts5Query } from '../../server/repositories/sqlite/ftsQuery';
import { SEARCH_PAGE_SQL as SQLITE_PAGE } from '../../server/repositories/sqlite/search.repository';
import { HL_END, HL_START } from '../../shared/domain/snippetSegments';
import type { Message } from '../../shared/protocol/entities';
import { onPostgresServer, startPostgresServer, withDatabase } from '../../test/helpers/postgresServer';
import { makeIdentity, type Identity } from '../fixtures/ids';
import { generateMessages } from '../fixtures/messages';
import { makeQueries, type SearchCase } from '../fixtures/queries';
import { seedOrg, withServerDb } from '../fixtures/seedServer';
import { prng } from '../fixtures/text';
import { shuffled } from '../lib/order';
import { absoluteTarget, lowerIsBetter, notAvailable } from '../lib/rows';
import { connectClient } from '../lib/serverUnderTest';
import { nowMs, round, summarize } from '../lib/stats';
import type { Bench, BenchParams, ResultRow } from '../lib/types';

/*
 * Server-side search (`search`) over a large history, on PostgreSQL and on SQLite, each beside the raw
 * SQL doing the same work in the same run, query for query in a shuffled order:
 * - ours: a socket.io client's `search` request (all streams the reader may read, one page of 20)
 *   to the real server, until its ack: validation, authorization (the reader's streams), the page
 *   query, the page's messages and reactions, snippets, JSON, the socket both ways.
 * - raw: the repository's own page statement with the same parameters (the same streams, the same
 *   page size plus one), on a direct connection: PostgreSQL's full-text match, order, limit and
 *   ts_headline; on SQLite the FTS5 page query and the page's snippets.
 * The reader reads every other stream, so authorization narrows the search as it does for people.
 * Messages are seeded straight into `messages` in batches (search reads nothing else).
 */

type Engine = 'postgres' | 'sqlite';
const PAGE = 20;
/** Messages per seeding INSERT (11 parameters each; PostgreSQL takes at most 65,535). */
const BATCH = 500;
const COLUMNS = 10;

/** Inserts the messages in batches of multi-row INSERTs, each batch its own unit of work. */
async function seedBodies(
  target: StorageTarget,
  messages: Iterable<Message>,
  log: (m: string) => void,
): Promise<number> {
  const store = await openStore(target);
  let n = 0;
  const flush = async (rows: Message[]) => {
    const values = rows.map(() => `(${Array.from({ length: COLUMNS }, () => '?').join(', ')})`).join(', ');
    await store.withSql((sql) =>
      sql.run(
        `INSERT INTO messages (id, stream_id, seq, author_id, client_id, body, thread_root_id, mentions, tags, created_at) VALUES ${values}`,
        rows.flatMap((m) => [
          m.id,
          m.streamId,
          m.seq,
          m.authorId,
          m.clientId,
          m.body,
          m.threadRootId,
          '[]',
          '[]',
          m.createdAt,
        ]),
      ),
    );
  };
  try {
    let batch: Message[] = [];
    for (const m of messages) {
      batch.push(m);
      if (batch.length === BATCH) {
        await flush(batch);
        n += batch.length;
        batch = [];
        if (n % 100_000 === 0) log(`${target.engine}: ${n} messages seeded`);
      }
    }
    if (batch.length > 0) await flush(batch);
    return n + batch.length;
  } finally {
    await store.close();
  }
}

/** The raw page query on its own connection: a function running one case, resolving its message ids. */
interface RawSearcher {
  run(c: SearchCase): Promise<string[]>;
  close(): Promise<void>;
}

async function rawPostgres(url: string, streamIds: string[]): Promise<RawSearcher> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // the same placeholders the server's executor binds
  let n = 0;
  const text = POSTGRES_PAGE.replace(/\?/g, () => `$${(n += 1)}`);
  return {
    async run(c) {
      const { rows } = await client.query<{ id: string }>({
        name: 'raw-search',
        text,
        values: [
          HEADLINE_OPTIONS,
          HEADLINE_OPTIONS,
          c.input,
          c.input,
          streamIds,
          NEWEST.createdAt,
          NEWEST.createdAt,
          NEWEST.id,
          PAGE + 1,
        ],
      });
      return rows.slice(0, PAGE).map((r) => r.id);
    },
    close: () => client.end(),
  };
}

async function rawSqlite(file: string, streamIds: string[]): Promise<RawSearcher> {
  const db = new Database(file, { readonly: true });
  const page = db.prepare(SQLITE_PAGE);
  const snippet = db.prepare(
    `SELECT snippet(messages_fts, 0, ?, ?, '…', 16) AS marked FROM messages_fts WHERE messages_fts MATCH ? AND rowid = ?`,
  );
  const streams = JSON.stringify(streamIds);
  return {
    async run(c) {
      const match = toFts5Query(c.input);
      if (match === null) return [];
      const rows = page.all(match, streams, NEWEST.createdAt, NEWEST.createdAt, NEWEST.id, PAGE + 1) as Array<{
        rowId: number;
        id: string;
      }>;
      for (const row of rows) snippet.get(HL_START, HL_END, match, row.rowId);
      return rows.slice(0, PAGE).map((r) => r.id);
    },
    close: async () => {
      db.close();
    },
  };
}

/** One engine's storage, seeded: where it is, and how to drop it afterwards. */
interface Seeded {
  target: StorageTarget;
  options: { dataDir: string } | { database: string };
  token: string;
  readable: string[];
  dispose(): Promise<void>;
}

/** One engine's part of the benchmark. */
interface EngineRun {
  engine: Engine;
  identity: Identity;
  params: BenchParams;
  seed: number;
  workDir: string;
  log: (m: string) => void;
}

async function seedEngine({
  engine,
  identity,
  params,
  seed,
  workDir,
  log,
}: EngineRun): Promise<Seeded & { raw: () => Promise<RawSearcher> }> {
  let options: Seeded['options'];
  let dispose = async () => undefined;
  let raw: (readable: string[]) => Promise<RawSearcher>;
  if (engine === 'sqlite') {
    const dataDir = join(workDir, 'search-server-sqlite');
    mkdirSync(dataDir, { recursive: true });
    options = { dataDir };
    raw = (readable) => rawSqlite(databaseFile(dataDir), readable);
  } else {
    const cluster = await startPostgresServer();
    const name = `tributary_bench_search_${process.pid}`;
    await onPostgresServer(cluster.url, (c) => c.query(`CREATE DATABASE ${name}`));
    const database = withDatabase(cluster.url, name);
    options = { database };
    raw = (readable) => rawPostgres(database, readable);
    dispose = async () => {
      await onPostgresServer(cluster.url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await cluster.stop();
    };
  }
  const target = storageTarget(options);
  const org = await seedOrg(target, identity, 0);
  // the reader leaves every other team: the search is narrowed by authorization, as for people
  const left = identity.streams.filter((_, i) => i % 2 === 1);
  await withServerDb(target, async (tx) => {
    for (const s of left) await tx.teams.deleteMembership(s.teamId, identity.me.id, Date.now());
    return null;
  });
  const started = nowMs();
  const count = await seedBodies(
    target,
    generateMessages(identity, { seed, count: params.messages!, streamIds: identity.streams.map((s) => s.id) }),
    log,
  );
  log(`${engine}: ${count} messages seeded in ${round((nowMs() - started) / 1000)} s`);
  const readable = identity.streams.filter((_, i) => i % 2 === 0).map((s) => s.id);
  return { target, options, token: org.tokens[0]!, readable, dispose, raw: () => raw(readable) };
}

async function searchRequest(socket: Socket, query: string): Promise<string[]> {
  const ack = (await socket.timeout(30_000).emitWithAck('search', { query, limit: PAGE })) as
    { ok: true; hits: Array<{ message: { id: string } }> } | { ok: false; error: { code: string } };
  if (!ack.ok) throw new Error(`search refused: ${ack.error.code}`);
  return ack.hits.map((h) => h.message.id);
}

/** Times ours and raw, query for query in a shuffled order; checks both found the same page. */
async function measure(run: EngineRun) {
  const { engine, identity, params, seed } = run;
  const seeded = await seedEngine(run);
  let server: RunningServer | null = null;
  let socket: Socket | null = null;
  let raw: RawSearcher | null = null;
  try {
    server = await startServer({
      ...seeded.options,
      port: 0,
      logLevel: 'silent',
      scryptCost: 1024,
      rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
    });
    socket = await connectClient(server.url, seeded.token);
    raw = await seeded.raw();
    const cases = makeQueries(identity, seed, params.queries!);
    const times = { ours: [] as number[], raw: [] as number[] };
    const random = prng(seed ^ 0x5ea4c4);
    let mismatches = 0;
    let hits = 0;
    for (let i = 0; i < params.warmup! + cases.length; i += 1) {
      const c = cases[i % cases.length]!;
      const found: Record<'ours' | 'raw', string[]> = { ours: [], raw: [] };
      for (const path of shuffled(['ours', 'raw'] as const, random)) {
        const start = nowMs();
        found[path] = path === 'ours' ? await searchRequest(socket, c.input) : await raw.run(c);
        if (i >= params.warmup!) times[path].push(nowMs() - start);
      }
      if (found.ours.join() !== found.raw.join()) mismatches += 1;
      hits += found.ours.length;
    }
    if (mismatches > 0) throw new Error(`${engine}: ${mismatches} queries found a different page than the raw query`);
    const ours = summarize(times.ours);
    const rawTimes = summarize(times.raw);
    // logged at once: a long run keeps this engine's figures even if the next one does not finish
    run.log(
      `${engine}: p50/p95 ours ${round(ours.p50)}/${round(ours.p95)} ms, raw ${round(rawTimes.p50)}/${round(rawTimes.p95)} ms`,
    );
    return { ours, raw: rawTimes, meanHits: hits / (params.warmup! + cases.length) };
  } finally {
    socket?.close();
    await raw?.close();
    await server?.close();
    await seeded.dispose();
  }
}

/** The PostgreSQL rows: the p95 against its target, the p50 for context. */
function postgresRows(
  figures: Awaited<ReturnType<typeof measure>>,
  raw: Pick<ResultRow, 'bench' | 'unit' | 'baselineLabel'>,
  messages: number,
): ResultRow[] {
  return [
    {
      ...lowerIsBetter({ ...raw, metric: 'p95, PostgreSQL' }, figures.ours.p95, figures.raw.p95, 1.5),
      note: `${messages} messages, request → ack`,
    },
    {
      ...absoluteTarget({ ...raw, metric: 'p50, PostgreSQL' }, figures.ours.p50, figures.raw.p50, 'context', true),
      met: null,
    },
  ];
}

export const searchServerBench: Bench = {
  name: 'search-server',
  title: 'Server-side search',
  metrics: ['p95, PostgreSQL', 'p50, PostgreSQL', 'p95, SQLite'],
  sizes: {
    tiny: { messages: 3000, streams: 6, queries: 20, warmup: 4, postgres: 0 },
    default: { messages: 1_000_000, streams: 50, queries: 200, warmup: 20, postgres: 1 },
  },
  async run({ params, seed, workDir, log }) {
    const identity = makeIdentity(seed, params.streams!);
    // the smoke run's 45 s cap leaves no room to start a PostgreSQL: `--search-server.postgres 1` adds it
    const postgres =
      params.postgres === 1 ? await measure({ engine: 'postgres', identity, params, seed, workDir, log }) : null;
    const sqlite = await measure({ engine: 'sqlite', identity, params, seed, workDir, log });
    const base = { bench: 'search-server', unit: 'ms' };
    const raw = { ...base, baselineLabel: 'raw PostgreSQL full-text query' };
    const leftOut = 'PostgreSQL left out at this size (--search-server.postgres 1)';
    return {
      rows: [
        ...(postgres === null
          ? [
              notAvailable('search-server', 'p95, PostgreSQL', leftOut),
              notAvailable('search-server', 'p50, PostgreSQL', leftOut),
            ]
          : postgresRows(postgres, raw, params.messages!)),
        {
          ...absoluteTarget(
            { ...base, metric: 'p95, SQLite', baselineLabel: 'raw FTS5 page query + snippets' },
            sqlite.ours.p95,
            sqlite.raw.p95,
            'context',
            true,
          ),
          met: null,
          note: `p50 ${round(sqlite.ours.p50)} ms (raw ${round(sqlite.raw.p50)} ms)`,
        },
      ],
      details: {
        postgres,
        sqlite,
        definition:
          'ours: socket search {query, limit 20} → ack (all readable streams: every other of the org); raw: the repository page statement with the same streams on a direct connection (PostgreSQL: match, order, limit, ts_headline; SQLite: FTS5 page query + per-row snippet)',
      },
    };
  },
};

import { randomBytes } from 'node:crypto';
import { storageTarget, type StorageTarget } from '../../server/db/openStore';
import {
  onPostgresServer,
  startPostgresServer,
  withDatabase,
  type PostgresServer,
} from '../../test/helpers/postgresServer';

/*
 * Where a real server under test keeps its data: a data folder (SQLite) or a database on the one
 * PostgreSQL server a bench run shares (TRIBUTARY_TEST_DATABASE_URL, or an embedded cluster started
 * on first use, durable as in production, stopped at the end of the run).
 */

/** The storage engines a benchmark can put the real server on. */
export type BenchEngine = 'sqlite' | 'postgres';

/** A real server's storage: the startServer option that selects it, and its target for seeding. */
export type BenchStorage = { engine: 'sqlite'; dataDir: string } | { engine: 'postgres'; database: string };

let server: Promise<PostgresServer> | null = null;
/** Set at the end of the run: a benchmark cut off by its time cap may still be running, and must not start another server. */
let runOver = false;

/** The run's PostgreSQL server, started once. */
function postgres(): Promise<PostgresServer> {
  if (runOver) return Promise.reject(new Error('the benchmark run is over: no PostgreSQL is started any more'));
  server ??= startPostgresServer();
  return server;
}

/** Stops the run's PostgreSQL server if one was started (bench/run.ts calls it at the end). */
export async function stopBenchPostgres(): Promise<void> {
  runOver = true;
  const started = server;
  server = null;
  if (!started) return;
  // a server that failed to start was reported by the benchmark that needed it; nothing to stop
  const running = await started.catch(() => null);
  await running?.stop();
}

/** Fresh storage on an engine: the folder given (SQLite) or a new, empty database (PostgreSQL). */
export async function benchStorage(engine: BenchEngine, dataDir: string): Promise<BenchStorage> {
  if (engine === 'sqlite') return { engine, dataDir };
  const { url } = await postgres();
  const name = `tributary_bench_${randomBytes(6).toString('hex')}`;
  await onPostgresServer(url, (c) => c.query(`CREATE DATABASE ${name}`));
  return { engine, database: withDatabase(url, name) };
}

/** The storage target of a bench storage, for seeding it. */
export function targetOf(storage: BenchStorage): StorageTarget {
  return storage.engine === 'sqlite' ? storageTarget({ dataDir: storage.dataDir }) : storageTarget(storage);
}

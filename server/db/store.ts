/*
 * The unit of work: the only way the server reaches its data. Handlers, the domain, the admin
 * service, the auth routes and the demo seed call `withTransaction(async (tx) => …)` and use the
 * repositories on `tx`; nothing else of the server touches a driver. A unit's reads and writes commit
 * together, and its promise settles only after the commit is durable (SQLite synchronous=FULL,
 * PostgreSQL synchronous_commit=on), so whatever a caller acknowledges or broadcasts afterwards has
 * been stored for good.
 */
import type { Repositories } from '../repositories/index';
import type { Sql } from './sql';

/** The repositories of one unit of work. */
export type Tx = Repositories;

/** The database engines the server runs on. */
export type Engine = 'sqlite' | 'postgres';

/** How a unit of work runs. */
export interface UnitOptions {
  /**
   * The unit only reads. It then never waits for another unit's commit (it sees committed data only)
   * and the engine refuses any write it attempts.
   */
  readOnly?: boolean;
}

/** What a store has done so far (tests and benchmarks read it). */
export interface StoreStats {
  /** Units of work that ran to their end (committed or refused). */
  units: number;
  /** Write transactions committed. With group commit this is lower than the units that wrote. */
  commits: number;
  /** Units run again after a transient failure (deadlock, serialization failure, lost race). */
  retries: number;
}

/** Where the server keeps its data, behind the unit of work. */
export interface Store {
  readonly engine: Engine;
  /** Where the data lives, for logs: a file path or host:port/database, never a password. */
  readonly location: string;
  /**
   * Runs `work` as one unit of work: all or nothing, durable once the promise resolves. A throw rolls
   * the unit back and rejects with what was thrown. `work` may run more than once (a deadlock or a
   * serialization failure is retried), so it must do storage work only: no effects outside `tx`.
   */
  withTransaction<T>(work: (tx: Tx) => Promise<T>, options?: UnitOptions): Promise<T>;
  /**
   * Raw SQL inside a unit of work, for tests, benchmark seeding and tooling. Server code uses the
   * repositories (ESLint refuses `withSql` outside server/db/).
   */
  withSql<T>(work: (sql: Sql) => Promise<T>, options?: UnitOptions): Promise<T>;
  /** Counters since the store was opened. */
  stats(): StoreStats;
  /** Finishes the units already queued, then closes the connections. Safe to call twice. */
  close(): Promise<void>;
}

import pg from 'pg';
import { createRepositories } from '../../repositories/index';
import type { Sql } from '../sql';
import type { Store, StoreStats, Tx, UnitOptions } from '../store';
import { migratePostgres } from './migrate';
import { MIGRATIONS } from './migrations/index';
import { postgresSql } from './pgSql';

/** How the PostgreSQL store connects. */
export interface PostgresOptions {
  /** Connections in the pool (default 10): how many units of work run at once on this node. */
  poolSize?: number;
  /** Told about a server setting that weakens what an acknowledgement means (fsync off). */
  onWarning?: (message: string) => void;
}

/**
 * SQLSTATEs after which running the unit again is safe and may succeed: a deadlock or serialization
 * failure (PostgreSQL rolled the transaction back), and a unique key taken by a unit that committed
 * first on another connection or node (the rerun finds that row, e.g. the message of an idempotent
 * send, and answers with it).
 */
const TRANSIENT = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 5;

// BIGINT (times, seqs) and NUMERIC (sums) arrive as strings by default; ours stay below 2^53.
const toNumber = (value: string) => Number(value);
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
      ? toNumber
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const sqlState = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;

/** `host:port/database` of a connection URL: what logs may show (never the password). */
export function postgresLocation(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

/**
 * The PostgreSQL store: a pool of connections, one transaction per unit of work. PostgreSQL commits
 * concurrent transactions with shared WAL flushes itself, so units run side by side on the pool
 * instead of in application-level groups. Every session runs with synchronous_commit=on, whatever
 * the database's default: a commit returns once its WAL is on disk.
 */
export class PostgresStore implements Store {
  readonly engine = 'postgres' as const;
  private readonly counters = { units: 0, commits: 0, retries: 0 };
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  /** Connects, migrates (refusing a newer schema) and checks the durability settings. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types: TYPES,
      application_name: 'tributary-server',
      options: '-c synchronous_commit=on',
    });
    // An idle connection dropped by the server must not take the process down; the pool replaces it.
    pool.on('error', (error) => options.onWarning?.(`idle database connection failed: ${error.message}`));
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(
          client,
          MIGRATIONS,
          (current, latest) =>
            new Error(
              `database schema version ${current} is newer than this server understands (${latest}); upgrade the server`,
            ),
        );
        const fsync = (await client.query<{ fsync: string }>('SHOW fsync')).rows[0]?.fsync;
        if (fsync !== 'on')
          options.onWarning?.('PostgreSQL runs with fsync=off: acknowledged changes can be lost in a crash');
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool, postgresLocation(url));
  }

  withTransaction<T>(work: (tx: Tx) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    return this.unit((sql) => work(createRepositories(sql)), options);
  }

  withSql<T>(work: (sql: Sql) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    return this.unit(work, options);
  }

  stats(): StoreStats {
    return { ...this.counters };
  }

  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }

  private async unit<T>(work: (sql: Sql) => Promise<T>, options: UnitOptions): Promise<T> {
    if (this.closing) throw new Error('the store is closed');
    const readOnly = options.readOnly ?? false;
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
        const value = await work(postgresSql(client));
        await client.query('COMMIT');
        this.counters.units += 1;
        if (!readOnly) this.counters.commits += 1;
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        if (!broken && attempt < MAX_ATTEMPTS && TRANSIENT.has(sqlState(error) ?? '')) {
          this.counters.retries += 1;
          // a little jitter, so two units that deadlocked do not meet again at once
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
          continue;
        }
        this.counters.units += 1;
        throw error;
      } finally {
        // A connection that could not even roll back is discarded instead of going back to the pool.
        client.release(broken);
      }
    }
  }
}

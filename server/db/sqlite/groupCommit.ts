/*
 * Group commit for SQLite. With synchronous=FULL every commit syncs the WAL to disk (~0.7 ms here);
 * one sync per request would cap a server at about a thousand writes a second and make concurrent
 * senders wait for each other's syncs. Instead, units of work queue; whatever is queued when the
 * connection is free runs in one shared transaction, each writer in its own savepoint (a unit that
 * fails rolls back alone), and one COMMIT makes them all durable together. Promises settle only after
 * that commit, so acknowledgements and broadcasts never get ahead of the disk.
 *
 * better-sqlite3 is synchronous: while a batch runs and commits, the event loop is busy, and the
 * requests that arrive meanwhile are read in the next poll phase and form the next batch.
 */
import type { Tx } from '../store';
import type { Db } from './database';

/** A unit of work waiting to run. */
interface Pending {
  work: (tx: Tx) => Promise<unknown>;
  readOnly: boolean;
  /** Transactions it has been part of that the engine rolled back as a whole. */
  attempts: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** How units share transactions. */
export interface GroupCommitOptions {
  /** Commit the queued units together (default). False: one transaction per unit, for comparison. */
  enabled: boolean;
  /** Units in one shared transaction at most, so one batch cannot hold the connection for long. */
  maxBatch: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { enabled: true, maxBatch: 256 };

/** A unit that was in a transaction the engine rolled back is run again at most this often. */
const MAX_ATTEMPTS = 3;

/** Runs units of work on one SQLite connection, committing concurrent ones together. */
export class GroupCommitter {
  private readonly queue: Pending[] = [];
  private running = false;
  private scheduled = false;
  private idle: Array<() => void> = [];
  private readonly statements;
  readonly counters = { units: 0, commits: 0, retries: 0 };

  constructor(
    private readonly db: Db,
    private readonly tx: Tx,
    private readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {
    const s = (sql: string) => db.prepare(sql);
    this.statements = {
      beginRead: s('BEGIN DEFERRED'),
      beginWrite: s('BEGIN IMMEDIATE'),
      commit: s('COMMIT'),
      rollback: s('ROLLBACK'),
      savepoint: s('SAVEPOINT unit'),
      release: s('RELEASE unit'),
      rollbackTo: s('ROLLBACK TO unit'),
      readOnly: s('PRAGMA query_only = 1'),
      readWrite: s('PRAGMA query_only = 0'),
    };
  }

  /** Queues a unit of work; settles after the transaction it ran in has committed (or rolled back). */
  run<T>(work: (tx: Tx) => Promise<T>, readOnly: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, readOnly, attempts: 0, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once every queued unit has settled. */
  drain(): Promise<void> {
    if (!this.running && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // After the poll phase: every request read from the sockets in this turn joins the batch.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.enabled ? this.options.maxBatch : 1);
        const readers = batch.filter((p) => p.readOnly);
        const writers = batch.filter((p) => !p.readOnly);
        if (readers.length > 0) await this.runReaders(readers);
        if (writers.length > 0) await this.runWriters(writers);
      }
    } finally {
      this.running = false;
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /**
   * Readers run first, in one read transaction of their own, before any writer of the batch: they see
   * committed data only, so they settle at once instead of waiting for the writers' sync.
   */
  private async runReaders(readers: Pending[]): Promise<void> {
    const { statements: s } = this;
    const outcomes: Array<() => void> = [];
    s.readOnly.run();
    try {
      s.beginRead.run();
      for (const p of readers) {
        try {
          const value = await p.work(this.tx);
          outcomes.push(() => p.resolve(value));
        } catch (error) {
          outcomes.push(() => p.reject(error));
        }
      }
      if (this.db.inTransaction) s.commit.run();
    } catch (error) {
      if (this.db.inTransaction) s.rollback.run();
      for (const p of readers) p.reject(error);
      return;
    } finally {
      s.readWrite.run();
    }
    this.counters.units += readers.length;
    for (const settle of outcomes) settle();
  }

  private async runWriters(writers: Pending[]): Promise<void> {
    const { statements: s } = this;
    const grouped = this.options.enabled;
    try {
      s.beginWrite.run();
    } catch (error) {
      for (const p of writers) p.reject(error);
      return;
    }
    const outcomes: Array<{ p: Pending; ok: boolean; value: unknown }> = [];
    for (let i = 0; i < writers.length; i += 1) {
      const p = writers[i]!;
      if (grouped) s.savepoint.run();
      try {
        const value = await p.work(this.tx);
        if (grouped) s.release.run();
        outcomes.push({ p, ok: true, value });
      } catch (error) {
        if (!this.db.inTransaction) {
          // The engine rolled the whole transaction back (disk full, I/O error…), undoing the units
          // before this one too: this one fails, they run again in the next transaction.
          p.reject(error);
          this.requeue([...outcomes.map((o) => o.p), ...writers.slice(i + 1)], error);
          return;
        }
        if (grouped) {
          s.rollbackTo.run();
          s.release.run();
        } else s.rollback.run();
        outcomes.push({ p, ok: false, value: error });
      }
    }
    try {
      if (this.db.inTransaction) {
        s.commit.run();
        this.counters.commits += 1;
      }
    } catch (error) {
      if (this.db.inTransaction) s.rollback.run();
      for (const { p } of outcomes) p.reject(error);
      return;
    }
    this.counters.units += outcomes.length;
    // Refusals wait for the commit too: a refusal may rest on what an earlier unit of the batch wrote.
    for (const { p, ok, value } of outcomes) (ok ? p.resolve : p.reject)(value);
  }

  private requeue(units: Pending[], cause: unknown): void {
    const again: Pending[] = [];
    for (const p of units) {
      p.attempts += 1;
      if (p.attempts >= MAX_ATTEMPTS) p.reject(cause);
      else again.push(p);
    }
    this.counters.retries += again.length;
    this.queue.unshift(...again);
  }
}

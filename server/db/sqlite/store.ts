import { createRepositories } from '../../repositories/index';
import type { Sql } from '../sql';
import type { Store, StoreStats, Tx, UnitOptions } from '../store';
import { openDatabase, type Db } from './database';
import { DEFAULT_GROUP_COMMIT, GroupCommitter, type GroupCommitOptions } from './groupCommit';
import { sqliteSql } from './sqliteSql';

/** The SQLite store: one connection, units of work committed in groups (groupCommit.ts). */
export class SqliteStore implements Store {
  readonly engine = 'sqlite' as const;
  private readonly sql: Sql;
  private readonly tx: Tx;
  private readonly committer: GroupCommitter;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    readonly location: string,
    groupCommit: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {
    this.sql = sqliteSql(db);
    this.tx = createRepositories(this.sql);
    this.committer = new GroupCommitter(db, this.tx, groupCommit);
  }

  /** Opens (creating and migrating) the database file. */
  static open(file: string, groupCommit?: GroupCommitOptions): SqliteStore {
    return new SqliteStore(openDatabase(file), file, groupCommit);
  }

  withTransaction<T>(work: (tx: Tx) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    return this.committer.run(work, options.readOnly ?? false);
  }

  withSql<T>(work: (sql: Sql) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    return this.withTransaction(() => work(this.sql), options);
  }

  stats(): StoreStats {
    return { ...this.committer.counters };
  }

  close(): Promise<void> {
    this.closing ??= this.committer.drain().then(() => {
      this.db.close();
    });
    return this.closing;
  }
}

import type Database from 'better-sqlite3';
import { statementCache } from '../../../shared/storage/statements';
import { SQLITE_DIALECT } from '../../repositories/sqlite/dialect';
import type { Sql, SqlValue } from '../sql';
import type { Db } from './database';

/** A prepared statement of the server database, compiled once per connection (see shared/storage/statements.ts). */
export const stmt: (db: Db, sql: string) => Database.Statement = statementCache((db: Db, sql: string) =>
  db.prepare(sql),
);

/**
 * `Sql` over better-sqlite3. The driver is synchronous: each call runs at once and its promise is
 * already settled, so a unit of work never yields to other requests between its statements.
 */
export function sqliteSql(db: Db): Sql {
  const bind = (params: readonly SqlValue[]) => params as unknown[];
  return {
    dialect: SQLITE_DIALECT,
    all: async <R>(text: string, params: readonly SqlValue[] = []) => stmt(db, text).all(...bind(params)) as R[],
    get: async <R>(text: string, params: readonly SqlValue[] = []) =>
      stmt(db, text).get(...bind(params)) as R | undefined,
    run: async (text: string, params: readonly SqlValue[] = []) => stmt(db, text).run(...bind(params)).changes,
    exec: async (text: string) => {
      db.exec(text);
    },
  };
}

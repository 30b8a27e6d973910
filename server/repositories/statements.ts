import type Database from 'better-sqlite3';
import { statementCache } from '../../shared/storage/statements';
import type { Db } from '../db/database';

/** A prepared statement of the server database, compiled once per connection (see shared/storage/statements.ts). */
export const stmt: (db: Db, sql: string) => Database.Statement = statementCache((db: Db, sql: string) =>
  db.prepare(sql),
);

import type Database from 'better-sqlite3-multiple-ciphers';
import { statementCache } from '../../../shared/storage/statements';
import type { Db } from './database';

/** A prepared statement of the client cache, compiled once per connection (see shared/storage/statements.ts). */
export const stmt: (db: Db, sql: string) => Database.Statement = statementCache((db: Db, sql: string) =>
  db.prepare(sql),
);

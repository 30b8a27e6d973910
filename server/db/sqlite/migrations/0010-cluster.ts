import type { Migration } from '../../../../shared/storage/migrations';

/**
 * The request budgets and login failures that several PostgreSQL nodes share (PostgreSQL's 0010).
 * A SQLite server is one node and keeps these counts in memory; the tables exist so that both
 * engines keep one schema and the repositories over them are tested on both.
 */
// IF NOT EXISTS: a database set back to an older version (tests of older migrations) runs it again.
export const migration0010: Migration = {
  version: 10,
  name: 'cluster',
  up: `
    CREATE TABLE IF NOT EXISTS request_budgets (
      key TEXT PRIMARY KEY,
      tokens REAL NOT NULL,
      per_ms REAL NOT NULL,
      burst REAL NOT NULL,
      updated_at INTEGER NOT NULL,
      granted INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS login_failures (
      id INTEGER PRIMARY KEY,
      key TEXT NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, at);
    CREATE INDEX IF NOT EXISTS login_failures_by_time ON login_failures (at);
  `,
};

import type { Migration } from '../../../../shared/storage/migrations';

/**
 * What several nodes on one database share besides the data (SQLite's 0010 has the same two counter
 * tables). The counters are UNLOGGED: they write no WAL, so taking a token commits without waiting
 * for a disk flush, and a crash empties them, which only forgives (as a restart did when each node
 * counted in memory). `socket_io_attachments` is where @socket.io/postgres-adapter puts a broadcast
 * too large for a NOTIFY payload (over 8,000 bytes) until every node has read it.
 */
// IF NOT EXISTS: a database set back to an older version (tests of older migrations) runs it again.
export const migration0010: Migration = {
  version: 10,
  name: 'cluster',
  up: `
    CREATE UNLOGGED TABLE IF NOT EXISTS request_budgets (
      key TEXT COLLATE "C" PRIMARY KEY,
      tokens DOUBLE PRECISION NOT NULL,
      per_ms DOUBLE PRECISION NOT NULL,
      burst DOUBLE PRECISION NOT NULL,
      updated_at BIGINT NOT NULL,
      granted INTEGER NOT NULL
    );
    CREATE UNLOGGED TABLE IF NOT EXISTS login_failures (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      key TEXT COLLATE "C" NOT NULL,
      at BIGINT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, at);
    CREATE INDEX IF NOT EXISTS login_failures_by_time ON login_failures (at);
    CREATE UNLOGGED TABLE IF NOT EXISTS socket_io_attachments (
      id BIGSERIAL UNIQUE,
      created_at TIMESTAMPTZ DEFAULT NOW(),
      payload BYTEA
    );
  `,
};

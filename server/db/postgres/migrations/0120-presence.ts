import type { Migration } from '../../../../shared/storage/migrations';

/**
 * As SQLite's 0120. The connections table is UNLOGGED: a connect or a disconnect writes no WAL, and a
 * database crash empties it, which only drops sockets that reconnect (and register again) anyway.
 */
export const migration0120: Migration = {
  version: 120,
  name: 'presence',
  up: `
    CREATE UNLOGGED TABLE IF NOT EXISTS presence_connections (
      socket_id TEXT COLLATE "C" PRIMARY KEY,
      user_id TEXT COLLATE "C" NOT NULL,
      node_id TEXT COLLATE "C" NOT NULL,
      expires_at BIGINT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS presence_connections_user ON presence_connections (user_id, expires_at);
    CREATE INDEX IF NOT EXISTS presence_connections_node ON presence_connections (node_id);
    CREATE INDEX IF NOT EXISTS presence_connections_expiry ON presence_connections (expires_at);
    CREATE TABLE IF NOT EXISTS presence_opt_outs (
      user_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users(id),
      since BIGINT NOT NULL
    );
  `,
};

import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Presence: which sockets are connected now (one row per socket, stamped with the node that holds it
 * and an expiry that node's heartbeat keeps moving, so a node that dies stops counting once its rows
 * expire) and who opted out of being shown online (a privacy choice kept on the server, so all of a
 * user's devices agree). Typing is never stored.
 */
export const migration0120: Migration = {
  version: 120,
  name: 'presence',
  up: `
    CREATE TABLE presence_connections (
      socket_id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      node_id TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX presence_connections_user ON presence_connections (user_id, expires_at);
    CREATE INDEX presence_connections_node ON presence_connections (node_id);
    CREATE INDEX presence_connections_expiry ON presence_connections (expires_at);
    CREATE TABLE presence_opt_outs (
      user_id TEXT PRIMARY KEY REFERENCES users(id),
      since INTEGER NOT NULL
    );
  `,
};

import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Accounts the organization deactivated: login and the socket handshake refuse them with DEACTIVATED,
 * which tells their desktop apps to remove the account's local data. A table of its own, so the user
 * row (and everything keyed by it) stays as history. `IF NOT EXISTS`: running it twice changes nothing.
 */
export const migration0060: Migration = {
  version: 60,
  name: 'deactivated-users',
  up: `
    CREATE TABLE IF NOT EXISTS deactivated_users (
      user_id TEXT PRIMARY KEY REFERENCES users(id),
      deactivated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};

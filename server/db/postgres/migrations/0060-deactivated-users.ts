import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0060: one row per account the organization deactivated. */
export const migration0060: Migration = {
  version: 60,
  name: 'deactivated-users',
  up: `
    CREATE TABLE IF NOT EXISTS deactivated_users (
      user_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users(id),
      deactivated_at BIGINT NOT NULL
    );
  `,
};

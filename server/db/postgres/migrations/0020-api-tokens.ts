import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Personal API tokens for bots: the same table as SQLite's migration 20. IF NOT EXISTS: a database
 * set back to an earlier version (the migration tests do) runs it again.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'api-tokens',
  up: `
    CREATE TABLE IF NOT EXISTS api_tokens (
      id TEXT COLLATE "C" PRIMARY KEY,
      user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
      name TEXT NOT NULL,
      token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
      created_at BIGINT NOT NULL,
      revoked_at BIGINT
    );
    CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id, created_at);
  `,
};

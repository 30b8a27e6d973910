import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Personal API tokens for bots (the Flowdock-compatible API): stored by SHA-256 only, like session
 * tokens, but named by their owner and without an expiry (they live until revoked). IF NOT EXISTS: a
 * database set back to an earlier version (the migration tests do) runs it again.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'api-tokens',
  up: `
    CREATE TABLE IF NOT EXISTS api_tokens (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id),
      name TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id, created_at);
  `,
};

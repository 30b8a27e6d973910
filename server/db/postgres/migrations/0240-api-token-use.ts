import type { Migration } from '../../../../shared/storage/migrations';

/** When a personal API token was last used: the same column as SQLite's migration 240. */
export const migration0240: Migration = {
  version: 240,
  name: 'api-token-use',
  up: `ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS last_used_at BIGINT;`,
};

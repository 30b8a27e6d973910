import type { Migration } from '../../../../shared/storage/migrations';

/**
 * When a personal API token was last used, so the admin console and the owner can tell a live bot
 * from a forgotten token before revoking it. Null until the first use after this migration. Written at
 * most once a minute per token (see `noteApiTokenUse`), never on every request.
 */
export const migration0240: Migration = {
  version: 240,
  name: 'api-token-use',
  up: `ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;`,
};

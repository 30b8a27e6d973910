import type { Migration } from './index';

/*
 * Direct conversations are cached like every stream; their participants (id, name, handle) travel
 * with the stream as JSON, so the sidebar names them and search shows them offline. NULL for team
 * and org streams.
 */
export const migration0080: Migration = {
  version: 80,
  name: 'direct-participants',
  up: `
    ALTER TABLE streams ADD COLUMN participants TEXT;
  `,
};

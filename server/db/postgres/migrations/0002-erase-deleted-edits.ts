import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0002: erase the edit history of messages deleted before deletion erased it. */
export const migration0002: Migration = {
  version: 2,
  name: 'erase-deleted-edits',
  up: `
    DELETE FROM message_edits WHERE message_id IN (SELECT id FROM messages WHERE deleted_at IS NOT NULL);
  `,
};

import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Deleting a message now erases its edit history too. Messages deleted before that still have theirs:
 * erase it once here, so "deleted" means the same for old and new deletions.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'erase-deleted-edits',
  up: `
    DELETE FROM message_edits WHERE message_id IN (SELECT id FROM messages WHERE deleted_at IS NOT NULL);
  `,
};

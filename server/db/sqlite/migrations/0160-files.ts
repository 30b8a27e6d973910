import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Files: metadata of each upload (the bytes live in a FileStore: a folder beside the database for
 * SQLite), the message that carries it once attached (an org-wide copy gets its own rows pointing at
 * the same stored bytes, `storage_key`), and each organization's upload limit. `message_id` has no
 * foreign key: the retention purge deletes message rows and marks their files deleted in the same unit.
 * A deleted file's bytes go once no live record shares its key (`bytes_removed`), unless a legal hold
 * covered its message when it was deleted (`kept_for_hold`).
 */
export const migration0160: Migration = {
  version: 160,
  name: 'files',
  up: `
    CREATE TABLE files (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL REFERENCES orgs(id),
      stream_id TEXT NOT NULL REFERENCES streams(id),
      uploader_id TEXT NOT NULL REFERENCES users(id),
      storage_key TEXT NOT NULL,
      name TEXT NOT NULL,
      size INTEGER NOT NULL,
      mime TEXT NOT NULL,
      width INTEGER,
      height INTEGER,
      has_thumbnail INTEGER NOT NULL DEFAULT 0,
      message_id TEXT,
      position INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      deleted_at INTEGER,
      kept_for_hold INTEGER NOT NULL DEFAULT 0,
      bytes_removed INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX files_message ON files (message_id, position);
    CREATE INDEX files_storage_key ON files (storage_key);
    CREATE INDEX files_erased ON files (deleted_at) WHERE deleted_at IS NOT NULL AND bytes_removed = 0;
    CREATE INDEX files_unattached ON files (created_at) WHERE message_id IS NULL AND deleted_at IS NULL;
    ALTER TABLE orgs ADD COLUMN max_file_bytes INTEGER;
  `,
};

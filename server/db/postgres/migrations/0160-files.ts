import type { Migration } from '../../../../shared/storage/migrations';

/**
 * As SQLite's 0160, plus the bytes themselves: PostgreSQL deployments keep them in the database as
 * bytea chunks (`file_chunks`), so every node of a cluster reads the same files without shared disk.
 * Chunks of 256 KiB keep each row far below the 1 GB field limit and let a download stream; their
 * storage is EXTERNAL (out of line, never compressed): most files are compressed formats already, and
 * trying to compress each chunk again cost CPU for nothing.
 */
export const migration0160: Migration = {
  version: 160,
  name: 'files',
  up: `
    CREATE TABLE IF NOT EXISTS files (
      id TEXT COLLATE "C" PRIMARY KEY,
      org_id TEXT COLLATE "C" NOT NULL REFERENCES orgs(id),
      stream_id TEXT COLLATE "C" NOT NULL REFERENCES streams(id),
      uploader_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
      storage_key TEXT COLLATE "C" NOT NULL,
      name TEXT NOT NULL,
      size BIGINT NOT NULL,
      mime TEXT NOT NULL,
      width INTEGER,
      height INTEGER,
      has_thumbnail INTEGER NOT NULL DEFAULT 0,
      message_id TEXT COLLATE "C",
      position INTEGER NOT NULL DEFAULT 0,
      created_at BIGINT NOT NULL,
      deleted_at BIGINT,
      kept_for_hold INTEGER NOT NULL DEFAULT 0,
      bytes_removed INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS files_message ON files (message_id, position);
    CREATE INDEX IF NOT EXISTS files_storage_key ON files (storage_key);
    CREATE INDEX IF NOT EXISTS files_erased ON files (deleted_at) WHERE deleted_at IS NOT NULL AND bytes_removed = 0;
    CREATE INDEX IF NOT EXISTS files_unattached ON files (created_at) WHERE message_id IS NULL AND deleted_at IS NULL;
    ALTER TABLE orgs ADD COLUMN IF NOT EXISTS max_file_bytes BIGINT;
    CREATE TABLE IF NOT EXISTS file_chunks (
      storage_key TEXT COLLATE "C" NOT NULL,
      part INTEGER NOT NULL,
      data BYTEA NOT NULL,
      PRIMARY KEY (storage_key, part)
    );
    ALTER TABLE file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
  `,
};

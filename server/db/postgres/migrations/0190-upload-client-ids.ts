import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0190: the uploader's own id of an upload, unique per uploader, so a retry answers the stored file. */
export const migration0190: Migration = {
  version: 190,
  name: 'upload-client-ids',
  up: `
    ALTER TABLE files ADD COLUMN IF NOT EXISTS client_id TEXT COLLATE "C";
    CREATE UNIQUE INDEX IF NOT EXISTS files_client_upload ON files (uploader_id, client_id)
      WHERE client_id IS NOT NULL;
  `,
};

import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Idempotent uploads: a client may name an upload with its own id (`clientId`), so a retry after a
 * cut connection, or after a crash between the upload and the message that attaches it, answers the
 * file already stored instead of storing a second copy. Unique per uploader; files uploaded without
 * one (NULL) are never compared.
 */
export const migration0190: Migration = {
  version: 190,
  name: 'upload-client-ids',
  up: `
    ALTER TABLE files ADD COLUMN client_id TEXT;
    CREATE UNIQUE INDEX files_client_upload ON files (uploader_id, client_id) WHERE client_id IS NOT NULL;
  `,
};

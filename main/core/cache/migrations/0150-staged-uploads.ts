import type { Migration } from './index';

/*
 * Files attached while offline (or before their upload finished): each staged file of a queued send
 * has a row here while its bytes wait in the account's `pending-uploads/` folder. Until it is uploaded
 * the send's `outbox.files` holds a stand-in reference with the upload's id; `file_id` is set (and the
 * stand-in replaced) once the server has stored it, and the row and the bytes go when the message is
 * delivered or discarded.
 */
export const migration0150: Migration = {
  version: 150,
  name: 'staged-uploads',
  up: `
    CREATE TABLE staged_uploads (
      upload_id TEXT PRIMARY KEY,
      client_id TEXT NOT NULL,
      stream_id TEXT NOT NULL,
      name TEXT NOT NULL,
      size INTEGER NOT NULL,
      mime TEXT NOT NULL,
      file_id TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX staged_uploads_client ON staged_uploads (client_id);
  `,
};

import type { Migration } from './index';

/*
 * Files attached to messages. `messages.files` and `outbox.files` hold the attached file references
 * as JSON (NULL: none, and every row cached before files), so a pending send shows its attachments
 * too. `file_cache` is the metadata of the offline file cache: which thumbnails and files have their
 * bytes in the account's `files/` folder, how big, and when they were last used (LRU eviction); `ext` is the
 * name's extension, kept on the bytes' file so the system's viewer knows what opens it.
 */
export const migration0130: Migration = {
  version: 130,
  name: 'files',
  up: `
    ALTER TABLE messages ADD COLUMN files TEXT;
    ALTER TABLE outbox ADD COLUMN files TEXT;
    CREATE TABLE file_cache (
      file_id TEXT NOT NULL,
      variant TEXT NOT NULL CHECK (variant IN ('thumbnail', 'file')),
      mime TEXT NOT NULL,
      ext TEXT NOT NULL DEFAULT '',
      bytes INTEGER NOT NULL,
      last_used INTEGER NOT NULL,
      PRIMARY KEY (file_id, variant)
    ) WITHOUT ROWID;
    CREATE INDEX file_cache_lru ON file_cache (last_used);
  `,
};

import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Profile photos: the same table as SQLite's migration 200 (the bytes are in the FileStore, here
 * its database chunks, so every node serves them). IF NOT EXISTS: a database set back to an earlier
 * version runs it again.
 */
export const migration0200: Migration = {
  version: 200,
  name: 'profile-photos',
  up: `
    CREATE TABLE IF NOT EXISTS profile_photos (
      user_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users(id),
      photo_id TEXT COLLATE "C" NOT NULL,
      updated_at BIGINT NOT NULL
    );
  `,
};

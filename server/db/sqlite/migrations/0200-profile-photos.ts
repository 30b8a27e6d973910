import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Profile photos: which photo a user has now (its id names the bytes in the FileStore: the larger
 * size under the id, the avatar size under `<id>.thumb`). No row: no photo. Its visibility lives
 * with the other fields' in `profiles.visibility`. IF NOT EXISTS: a database set back to an earlier
 * version (the migration tests do) runs it again.
 */
export const migration0200: Migration = {
  version: 200,
  name: 'profile-photos',
  up: `
    CREATE TABLE IF NOT EXISTS profile_photos (
      user_id TEXT PRIMARY KEY REFERENCES users(id),
      photo_id TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};

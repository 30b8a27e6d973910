import type { Migration } from './index';

/*
 * The avatar-size profile photos this account has been shown, so avatars show offline too. A row
 * with no `photo_id` records that the server had no photo of that person for me (none, or hidden),
 * so it is not asked again on every render. Bounded by count, least recently used first out;
 * `checked_at` says when the server last confirmed the row.
 */
export const migration0170: Migration = {
  version: 170,
  name: 'profile-photos',
  up: `
    CREATE TABLE profile_photos (
      user_id TEXT PRIMARY KEY,
      photo_id TEXT,
      data BLOB,
      checked_at INTEGER NOT NULL,
      last_used INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX profile_photos_lru ON profile_photos (last_used);
  `,
};

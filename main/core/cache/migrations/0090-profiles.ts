import type { Migration } from './index';

/*
 * Profiles this computer was shown, so a profile card opens offline with what was last visible to
 * me: each row is the server's answer for one person as is (only the fields I was allowed to see),
 * replaced whole on every fetch, so a field its owner hides later is gone at the next look. My own
 * row also keeps my visibility settings.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'profiles',
  up: `
    CREATE TABLE profiles (
      user_id TEXT PRIMARY KEY,
      profile TEXT NOT NULL,
      visibility TEXT,
      fetched_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};

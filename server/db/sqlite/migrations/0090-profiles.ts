import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Profiles: one row per user who has ever changed theirs (a missing row is the defaults: their name,
 * nothing else, everything private). Skills and the per-field visibility are small JSON texts read
 * and written whole with the row. IF NOT EXISTS: a database set back to an earlier version (the
 * migration tests do) runs it again.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'profiles',
  up: `
    CREATE TABLE IF NOT EXISTS profiles (
      user_id TEXT PRIMARY KEY REFERENCES users(id),
      display_name TEXT NOT NULL,
      title TEXT,
      team_role TEXT,
      location TEXT,
      time_zone TEXT,
      phone TEXT,
      about TEXT,
      skills TEXT NOT NULL DEFAULT '[]',
      visibility TEXT NOT NULL DEFAULT '{}',
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};

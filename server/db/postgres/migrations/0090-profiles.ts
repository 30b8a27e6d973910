import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Profiles: the same table as SQLite's migration 90 (skills and visibility as JSON text, read and
 * written whole). IF NOT EXISTS: a database set back to an earlier version runs it again.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'profiles',
  up: `
    CREATE TABLE IF NOT EXISTS profiles (
      user_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users(id),
      display_name TEXT NOT NULL,
      title TEXT,
      team_role TEXT,
      location TEXT,
      time_zone TEXT,
      phone TEXT,
      about TEXT,
      skills TEXT NOT NULL DEFAULT '[]',
      visibility TEXT NOT NULL DEFAULT '{}',
      updated_at BIGINT NOT NULL
    );
  `,
};

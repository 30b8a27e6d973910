import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate as runMigrations } from '../../shared/storage/migrations';
import { MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

/** Opens (creating if needed) the server database, configured and migrated to the latest schema. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Several processes (server and admin CLI) may share the file; wait instead of failing at once.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies pending migrations; refuses a database newer than the code. */
export function migrate(db: Db): void {
  runMigrations(
    db,
    MIGRATIONS,
    (current, latest) =>
      new Error(
        `database schema version ${current} is newer than this server understands (${latest}); upgrade the server`,
      ),
  );
}

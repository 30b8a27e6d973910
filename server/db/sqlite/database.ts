import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate as runMigrations } from '../../../shared/storage/migrations';
import { MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

/** Opens (creating if needed) the server's SQLite file, configured and migrated to the latest schema. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // FULL: the WAL is synced to disk at every commit, so an acknowledged change survives a power cut,
    // not only a killed process (NORMAL). Group commit (groupCommit.ts) shares that sync between units.
    db.pragma('synchronous = FULL');
    // Several processes (server nodes, the admin CLI) may share the file; wait instead of failing at once.
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

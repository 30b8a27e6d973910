import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate as runMigrations } from '../../../shared/storage/migrations';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

/** Thrown when the cache file was written by a newer app; it must not be touched or set aside. */
export class CacheTooNewError extends Error {
  constructor(readonly version: number) {
    super(`cache schema version ${version} is newer than this app understands (${LATEST_VERSION}); update the app`);
    this.name = 'CacheTooNewError';
  }
}

/** Opens a cache file, checks its integrity and migrates it; throws if it is unreadable or damaged. */
export function openCache(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new Error(`cache integrity check failed: ${check}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies pending migrations; refuses a cache newer than the code. */
export function migrate(db: Db): void {
  runMigrations(db, MIGRATIONS, (current) => new CacheTooNewError(current));
}

/**
 * Runs `write` in one transaction with synchronous=FULL, so a write the user was told about survives
 * a power cut; the connection goes back to NORMAL for the high-volume sync path afterwards.
 */
export function durableWrite<T>(db: Db, write: () => T): T {
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(write)();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

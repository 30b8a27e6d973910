import { existsSync, renameSync, rmSync } from 'node:fs';
import {
  CacheTooNewError,
  connect,
  isPlainSqliteFile,
  openCache,
  openCacheChecked,
  openMarker,
  SqliteAddonError,
  type Db,
  type SqliteRuntime,
} from './database';
import { insertSalvaged, type OutboxRow } from './outbox';

/** The result of opening an account cache: the db and, when it had to be rebuilt, a notice for the user. */
export interface OpenedCache {
  db: Db;
  notice: string | null;
  /** False when only the cheap structure probe ran: quick_check is still owed, in the background. */
  fullyChecked: boolean;
}

/** Reads what it can of the outbox of a damaged cache; never throws. */
export function salvageOutbox(file: string, runtime: SqliteRuntime = {}): OutboxRow[] {
  let db: Db | null = null;
  try {
    // a cache still unencrypted (from before encryption) is read without the key
    const unlock = isPlainSqliteFile(file) ? { nativeBinding: runtime.nativeBinding } : runtime;
    db = connect(file, { readonly: true, fileMustExist: true }, unlock);
    return db.prepare('SELECT * FROM outbox ORDER BY row_id').all() as OutboxRow[];
  } catch {
    return [];
  } finally {
    try {
      db?.close();
    } catch {
      // a damaged file may refuse even to close cleanly; nothing more to save
    }
  }
}

function moveAside(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  renameSync(file, target);
  // WAL and shared-memory files belong to the damaged database; keep them beside it for diagnosis
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  rmSync(openMarker(file), { force: true });
  return target;
}

/**
 * Sets a damaged cache aside (renamed, never deleted), carries its readable outbox rows into a fresh
 * cache, and returns that cache with a notice saying what happened. The damaged file must be closed.
 */
export function setAsideAndRebuild(file: string, runtime: SqliteRuntime = {}, now = Date.now()): OpenedCache {
  const salvaged = salvageOutbox(file, runtime);
  const asideAs = moveAside(file, now);
  const db = openCache(file, runtime);
  insertSalvaged(db, salvaged);
  const kept = salvaged.length > 0 ? ` ${salvaged.length} unsent item(s) were kept and will be sent.` : '';
  return {
    db,
    notice: `The local cache was damaged and has been rebuilt from the server. The old file was kept as ${asideAs}.${kept}`,
    fullyChecked: true,
  };
}

/**
 * Deletes a cache on the user's request (settings, "clear local data") and opens a fresh one, which
 * sync fills again; unsent outbox rows are carried over, as after damage. The cache must be closed.
 */
export function clearAndRebuild(file: string, runtime: SqliteRuntime = {}): OpenedCache {
  const salvaged = salvageOutbox(file, runtime);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  rmSync(openMarker(file), { force: true });
  const db = openCache(file, runtime);
  insertSalvaged(db, salvaged);
  return { db, notice: null, fullyChecked: true };
}

/**
 * Opens the account cache; a cache that fails to open, the structure probe, or (after an unclean
 * shutdown) quick_check is set aside and rebuilt (setAsideAndRebuild). After a clean shutdown the
 * full check is left to the caller to run in the background (`fullyChecked: false`).
 */
export function openOrRecoverCache(file: string, runtime: SqliteRuntime = {}, now = Date.now()): OpenedCache {
  try {
    const { db, fullyChecked } = openCacheChecked(file, runtime);
    return { db, notice: null, fullyChecked };
  } catch (error) {
    if (error instanceof CacheTooNewError || error instanceof SqliteAddonError || !existsSync(file)) throw error;
    return setAsideAndRebuild(file, runtime, now);
  }
}

import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate as runMigrations } from '../../../shared/storage/migrations';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

/**
 * The SQLite driver of the cache: better-sqlite3-multiple-ciphers, better-sqlite3's API over
 * SQLite3MultipleCiphers, which encrypts every page (ChaCha20-Poly1305) once a key is set.
 */
export const CACHE_SQLITE_PACKAGE = 'better-sqlite3-multiple-ciphers';

/** How the cache's connections load SQLite (which build of the addon) and unlock the file (which key). */
export interface SqliteRuntime {
  /**
   * Path of the driver's addon built for the runtime that runs the core (the Electron host passes
   * its Electron build); absent: the package's own build, compiled for Node.
   */
  nativeBinding?: string | undefined;
  /** The cache's key: 64 hex digits (256 bits, used as the raw key). Absent: an unencrypted database. */
  key?: string | undefined;
}

const KEY_RE = /^[0-9a-f]{64}$/;

/** The pragma that sets a raw key; the key is interpolated into SQL, so only the exact hex shape may pass. */
export function keyPragma(key: string, verb: 'key' | 'rekey' = 'key'): string {
  if (!KEY_RE.test(key)) throw new Error('the cache key must be 64 hex digits');
  return `${verb} = "x'${key}'"`;
}

const PLAIN_HEADER = 'SQLite format 3\0';

/** Whether a file is an unencrypted SQLite database (its first 16 bytes are SQLite's plain header). */
export function isPlainSqliteFile(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === PLAIN_HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * Encrypts an unencrypted cache in place (a cache from before encryption, or one a test wrote): out of
 * WAL mode, `PRAGMA rekey`, back to WAL. Called before a keyed open of a file that still has the
 * plain header; a file already encrypted is left alone.
 */
export function encryptInPlace(file: string, runtime: SqliteRuntime & { key: string }): void {
  const rekey = keyPragma(runtime.key, 'rekey');
  const db = connect(file, {}, { nativeBinding: runtime.nativeBinding });
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma(rekey);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

/**
 * Thrown when better-sqlite3's addon cannot be loaded (missing, or built for another runtime's ABI):
 * the cache file is fine and must not be set aside as damaged.
 */
export class SqliteAddonError extends Error {
  constructor(binding: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    super(`SQLite's native module could not be loaded (${binding}): ${reason}`, { cause });
    this.name = 'SqliteAddonError';
  }
}

/** Opens a better-sqlite3 connection with the runtime's addon; every cache connection goes through here. */
export function connect(file: string, options: Database.Options = {}, runtime: SqliteRuntime = {}): Db {
  let db: Db;
  try {
    db = new Database(file, runtime.nativeBinding ? { ...options, nativeBinding: runtime.nativeBinding } : options);
  } catch (error) {
    // dlopen failures (wrong NODE_MODULE_VERSION, bad file) and a missing addon: not the cache's fault
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_DLOPEN_FAILED' || code === 'MODULE_NOT_FOUND')
      throw new SqliteAddonError(runtime.nativeBinding ?? CACHE_SQLITE_PACKAGE, error);
    throw error;
  }
  if (runtime.key !== undefined) {
    try {
      // set before anything is read: SQLite then decrypts every page it reads
      db.pragma(keyPragma(runtime.key));
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return db;
}

/** Thrown when the cache file was written by a newer app; it must not be touched or set aside. */
export class CacheTooNewError extends Error {
  constructor(readonly version: number) {
    super(`cache schema version ${version} is newer than this app understands (${LATEST_VERSION}); update the app`);
    this.name = 'CacheTooNewError';
  }
}

/** An opened cache and whether the full integrity check ran while opening it. */
export interface OpenedDb {
  db: Db;
  /** False when only the cheap structure probe ran: the caller owes a background quick_check. */
  fullyChecked: boolean;
}

/**
 * The "open" marker beside a cache: written when the cache is opened and removed by closeCache, so
 * finding it at open means the last session ended without a clean close (crash, kill, power cut).
 */
export function openMarker(file: string): string {
  return `${file}.open`;
}

/** Throws when PRAGMA quick_check does not answer ok. Reads the whole file: 2 s at 1M messages. */
export function quickCheck(db: Db): void {
  const check = db.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') throw new Error(`cache integrity check failed: ${check}`);
}

/**
 * Reads the first row of every table and index: walks each b-tree from its root to its first leaf,
 * which catches a damaged root page or schema in milliseconds at any size. Not a substitute for
 * quick_check, which runs after an unclean shutdown or in the background.
 */
export function probeStructure(db: Db): void {
  const objects = db
    .prepare(
      `SELECT type, name, tbl_name AS tableName FROM sqlite_master
       WHERE type IN ('table', 'index') AND rootpage > 0 AND name NOT LIKE 'sqlite_%'`,
    )
    .all() as Array<{ type: string; name: string; tableName: string }>;
  const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
  for (const o of objects) {
    const sql =
      o.type === 'table'
        ? `SELECT * FROM ${q(o.name)} LIMIT 1`
        : `SELECT 1 FROM ${q(o.tableName)} INDEXED BY ${q(o.name)} LIMIT 1`;
    try {
      db.prepare(sql).all();
    } catch (error) {
      // a partial index cannot serve an unconstrained scan; its pages are left to quick_check
      if (o.type === 'index' && /no query solution/.test(String(error))) continue;
      throw error;
    }
  }
}

/**
 * Opens a cache file, checks it and migrates it; throws if it is unreadable or damaged. After an
 * unclean shutdown (the open marker is still there) or when asked, it runs the full quick_check;
 * otherwise only the structure probe, and `fullyChecked` is false.
 */
export function openCacheChecked(file: string, options: { fullCheck?: boolean } & SqliteRuntime = {}): OpenedDb {
  const onDisk = file !== ':memory:';
  if (onDisk) mkdirSync(dirname(file), { recursive: true });
  const unclean = onDisk && existsSync(openMarker(file));
  // a cache written before encryption (or by a test) is encrypted in place, not set aside as unreadable
  if (onDisk && options.key !== undefined && isPlainSqliteFile(file))
    encryptInPlace(file, { ...options, key: options.key });
  const db = connect(file, {}, options);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const full = options.fullCheck ?? unclean;
    if (full) quickCheck(db);
    else probeStructure(db);
    migrate(db);
    if (onDisk) writeFileSync(openMarker(file), `${process.pid}\n`);
    return { db, fullyChecked: full || !onDisk };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens a cache file (see openCacheChecked); for callers that do not schedule a background check. */
export function openCache(file: string, runtime: SqliteRuntime = {}): Db {
  return openCacheChecked(file, runtime).db;
}

/** Closes the cache and removes its open marker: the next open may skip the full quick_check. */
export function closeCache(db: Db): void {
  const file = db.name;
  db.close();
  if (file !== ':memory:' && file !== '') rmSync(openMarker(file), { force: true });
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

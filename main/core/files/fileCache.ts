import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../cache/database';
import { getAccountValue, setAccountValue } from '../cache/directory';
import { stmt } from '../cache/statements';

/*
 * The offline file cache of one account: thumbnails cached as messages arrive, files once opened.
 * Metadata (size, type, last use) is in the account's cache database (`file_cache`, migration 0130);
 * the bytes are files in a `files/` folder beside it, so the database stays small and a file can be
 * handed to the system's viewer by path. The total is bounded (the user's setting); the least
 * recently used entries go first.
 */

/** What is cached of a file: the server's thumbnail, or the file itself. */
export type CachedVariant = 'thumbnail' | 'file';

/** The bound before the user changes it: 500 MB. */
export const DEFAULT_FILE_CACHE_LIMIT_BYTES = 500 * 1024 * 1024;
const LIMIT_KEY = 'fileCacheLimit';

/** One cached entry as its row says. */
export interface CachedEntry {
  mime: string;
  ext: string;
  bytes: number;
}

/** The folder of an account's cached file bytes, beside its cache database. */
export function fileCacheFolder(cacheFile: string): string {
  return join(dirname(cacheFile), 'files');
}

/**
 * The path of one cached entry's bytes (ids are the server's; anything unusual in them is replaced).
 * A file keeps its name's extension, which is what the system's viewer goes by.
 */
export function cachedPath(cacheFile: string, fileId: string, variant: CachedVariant, ext = ''): string {
  return join(fileCacheFolder(cacheFile), `${fileId.replace(/[^A-Za-z0-9-]/g, '_')}.${variant}${ext}`);
}

/** A file name's extension as safe to put on a path: `.pdf`, or '' (letters and digits only, short). */
export function safeExtension(name: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match ? `.${match[1]!.toLowerCase()}` : '';
}

/** Where a cached entry's bytes are, marking it used; null when it is not cached. */
export function cachedEntryPath(db: Db, cacheFile: string, fileId: string, variant: CachedVariant): string | null {
  const ext = stmt(db, 'SELECT ext FROM file_cache WHERE file_id = ? AND variant = ?').pluck().get(fileId, variant) as
    string | undefined;
  if (ext === undefined) return null;
  const path = cachedPath(cacheFile, fileId, variant, ext);
  if (!existsSync(path)) {
    stmt(db, 'DELETE FROM file_cache WHERE file_id = ? AND variant = ?').run(fileId, variant);
    return null;
  }
  touchCached(db, fileId, variant);
  return path;
}

/** The cache's bound in bytes (the setting), or the default. */
export function fileCacheLimit(db: Db): number {
  const stored = getAccountValue(db, LIMIT_KEY);
  const parsed = stored === null ? NaN : Number(stored);
  return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : DEFAULT_FILE_CACHE_LIMIT_BYTES;
}

/** Changes the bound and evicts down to it at once. */
export function setFileCacheLimit(db: Db, cacheFile: string, limitBytes: number): void {
  setAccountValue(db, LIMIT_KEY, String(limitBytes));
  evictDownTo(db, cacheFile, limitBytes);
}

/** How much the cache holds. */
export function fileCacheUsage(db: Db): { bytes: number; entries: number } {
  const row = stmt(db, 'SELECT COALESCE(SUM(bytes), 0) AS bytes, COUNT(*) AS entries FROM file_cache').get() as {
    bytes: number;
    entries: number;
  };
  return row;
}

/** A cached entry's detected type, or null when it is not cached. */
export function cachedMime(db: Db, fileId: string, variant: CachedVariant): string | null {
  return (
    (stmt(db, 'SELECT mime FROM file_cache WHERE file_id = ? AND variant = ?').pluck().get(fileId, variant) as
      string | undefined) ?? null
  );
}

/** Whether an entry is cached (without counting as a use). */
export function isCached(db: Db, fileId: string, variant: CachedVariant): boolean {
  return stmt(db, 'SELECT 1 FROM file_cache WHERE file_id = ? AND variant = ?').get(fileId, variant) !== undefined;
}

/**
 * A cached entry's type and bytes, marking it as just used; null when not cached (or its bytes went
 * missing from the folder, in which case the row is dropped too).
 */
export function readCached(
  db: Db,
  cacheFile: string,
  fileId: string,
  variant: CachedVariant,
  now = Date.now(),
): { mime: string; data: Buffer } | null {
  const row = stmt(db, 'SELECT mime, ext, bytes FROM file_cache WHERE file_id = ? AND variant = ?').get(
    fileId,
    variant,
  ) as CachedEntry | undefined;
  if (!row) return null;
  let data: Buffer;
  try {
    data = readFileSync(cachedPath(cacheFile, fileId, variant, row.ext));
  } catch {
    stmt(db, 'DELETE FROM file_cache WHERE file_id = ? AND variant = ?').run(fileId, variant);
    return null;
  }
  touchCached(db, fileId, variant, now);
  return { mime: row.mime, data };
}

/** Marks an entry as just used (opening a file by path does not read it here). */
export function touchCached(db: Db, fileId: string, variant: CachedVariant, now = Date.now()): void {
  stmt(db, 'UPDATE file_cache SET last_used = ? WHERE file_id = ? AND variant = ?').run(now, fileId, variant);
}

/**
 * Stores an entry's bytes (written to a temporary name, then renamed, so a crash never leaves a
 * truncated file under a cached name) and evicts the least recently used others down to the bound.
 * An entry larger than the whole bound is not cached at all; returns whether it was.
 */
export function storeCached(
  db: Db,
  cacheFile: string,
  entry: { fileId: string; variant: CachedVariant; mime: string; ext: string; data: Uint8Array },
  now = Date.now(),
): boolean {
  const limit = fileCacheLimit(db);
  if (entry.data.byteLength > limit) return false;
  const path = cachedPath(cacheFile, entry.fileId, entry.variant, entry.ext);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, entry.data);
  renameSync(`${path}.tmp`, path);
  stmt(
    db,
    `INSERT INTO file_cache (file_id, variant, mime, ext, bytes, last_used) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (file_id, variant) DO UPDATE SET mime = excluded.mime, ext = excluded.ext, bytes = excluded.bytes,
       last_used = excluded.last_used`,
  ).run(entry.fileId, entry.variant, entry.mime, entry.ext, entry.data.byteLength, now);
  evictDownTo(db, cacheFile, limit);
  return true;
}

/** Removes least recently used entries until the total is at most `limitBytes`. */
function evictDownTo(db: Db, cacheFile: string, limitBytes: number): void {
  let { bytes } = fileCacheUsage(db);
  if (bytes <= limitBytes) return;
  const oldest = stmt(db, 'SELECT file_id, variant, ext, bytes FROM file_cache ORDER BY last_used, file_id').all() as {
    file_id: string;
    variant: CachedVariant;
    ext: string;
    bytes: number;
  }[];
  const gone: { file_id: string; variant: CachedVariant; ext: string }[] = [];
  for (const row of oldest) {
    if (bytes <= limitBytes) break;
    gone.push(row);
    bytes -= row.bytes;
  }
  db.transaction(() => {
    for (const row of gone) {
      stmt(db, 'DELETE FROM file_cache WHERE file_id = ? AND variant = ?').run(row.file_id, row.variant);
    }
  })();
  for (const row of gone) rmSync(cachedPath(cacheFile, row.file_id, row.variant, row.ext), { force: true });
}

/** Empties the cache: every row and the whole bytes folder (logout, or the user's "clear"). */
export function clearFileCache(db: Db | null, cacheFile: string): void {
  if (db?.open) stmt(db, 'DELETE FROM file_cache').run();
  rmSync(fileCacheFolder(cacheFile), { recursive: true, force: true });
}

import type { Message } from '../../../shared/protocol/entities';
import { ProtocolError } from '../../../shared/protocol/errors';
import type { Account } from '../account';
import { stmt } from '../cache/statements';
import { errorMessage, type CoreLogger } from '../log';
import {
  cachedEntryPath,
  fileCacheLimit,
  fileCacheUsage,
  isCached,
  readCached,
  safeExtension,
  storeCached,
  type CachedVariant,
} from './fileCache';
import { downloadFile } from './fileTransfer';

/*
 * Reading files through the core: the offline cache first, else the server with the session token
 * (the same authorization as reading the message's stream), then cached. Thumbnails of recent
 * messages are fetched ahead as messages arrive, so previews show offline.
 */

/** How far back thumbnails are fetched ahead: messages of the last 7 days. */
export const PREFETCH_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A file or thumbnail's type and bytes: from the cache, else downloaded (and cached). */
export async function cachedOrFetched(
  acc: Account,
  fileId: string,
  variant: CachedVariant,
  name = '',
): Promise<{ mime: string; data: Buffer }> {
  const cached = readCached(acc.db, acc.file, fileId, variant);
  if (cached) return cached;
  const token = acc.token;
  if (token === null || acc.engine.status().state === 'offline')
    throw new ProtocolError('UNAVAILABLE', 'this file was not opened on this computer before; it needs a connection');
  const got = await downloadFile({ serverUrl: acc.serverUrl, token }, fileId, variant);
  // the account may have signed out while the download ran
  if (acc.db.open)
    storeCached(acc.db, acc.file, { fileId, variant, mime: got.mime, ext: safeExtension(name), data: got.data });
  return got;
}

/** The path of a file's cached bytes, downloading it first when needed (for the system's viewer). */
export async function cachedFilePath(acc: Account, fileId: string, name: string): Promise<string> {
  const path = cachedEntryPath(acc.db, acc.file, fileId, 'file');
  if (path) return path;
  await cachedOrFetched(acc, fileId, 'file', name);
  const stored = cachedEntryPath(acc.db, acc.file, fileId, 'file');
  if (!stored) throw new ProtocolError('INVALID', 'the file is larger than the whole offline file cache', 'fileId');
  return stored;
}

/** The ids of thumbnails of recent messages not cached yet. */
function missingThumbnails(acc: Account, now: number): string[] {
  const rows = stmt(
    acc.db,
    `SELECT files FROM messages WHERE files IS NOT NULL AND deleted_at IS NULL AND created_at >= ?
     ORDER BY created_at DESC`,
  )
    .pluck()
    .all(now - PREFETCH_DAYS * DAY_MS) as string[];
  const ids: string[] = [];
  for (const json of rows)
    for (const f of JSON.parse(json) as NonNullable<Message['files']>)
      if (f.thumbnail && !isCached(acc.db, f.id, 'thumbnail')) ids.push(f.id);
  return ids;
}

const running = new WeakMap<Account, { again: boolean }>();

/**
 * Fetches the thumbnails of the last days' messages into the cache, one at a time; called when
 * messages change (a second call while one runs makes it look again when done). Failures are logged:
 * a preview that could not be fetched ahead is fetched when shown.
 */
export function prefetchThumbnails(acc: Account, log: CoreLogger): void {
  const run = running.get(acc);
  if (run) {
    run.again = true;
    return;
  }
  if (acc.token === null) return;
  const state = { again: false };
  running.set(acc, state);
  void (async () => {
    do {
      state.again = false;
      for (const id of missingThumbnails(acc, Date.now())) {
        if (!acc.db.open || acc.token === null) return;
        // fetched ahead, previews take at most half the bound: never evict opened files for guesses,
        // nor churn (evict, fetch again) on every new message when the bound is small
        if (fileCacheUsage(acc.db).bytes > fileCacheLimit(acc.db) / 2) return;
        try {
          await cachedOrFetched(acc, id, 'thumbnail');
        } catch (error) {
          if (error instanceof ProtocolError && error.code === 'UNAVAILABLE') return;
          log.warn('could not fetch a thumbnail ahead', { fileId: id, error: errorMessage(error) });
        }
      }
    } while (state.again && acc.db.open);
  })().finally(() => running.delete(acc));
}

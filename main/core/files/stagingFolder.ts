import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../cache/database';
import { claimedUploadIds, takeUnclaimedUploads } from '../cache/stagedUploads';

/*
 * The folder of an account's staged uploads (files attached offline, waiting for the outbox): where it
 * is and how it is cleaned. The account sweeps it at start, the outbox after a send, the uploads write
 * into it; none of them needs the others for that.
 */

/** The staging folder, beside the account's cache file. */
export function pendingUploadsFolderOf(cacheFile: string): string {
  return join(dirname(cacheFile), 'pending-uploads');
}

/** Removes the bytes of staged files whose send was delivered or discarded. */
export function removeUnclaimedUploads(db: Db, folder: string): void {
  for (const id of takeUnclaimedUploads(db)) rmSync(join(folder, id), { force: true });
}

/**
 * At an account's start: staged files no queued send holds (a page's attachments from before a
 * restart, a send delivered just before a crash) are removed.
 */
export function sweepStagedUploads(db: Db, folder: string): void {
  removeUnclaimedUploads(db, folder);
  const claimed = claimedUploadIds(db);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) if (!claimed.has(name)) rmSync(join(folder, name), { force: true });
}

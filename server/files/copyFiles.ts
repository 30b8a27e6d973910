/*
 * The bytes of stored files, from one FileStore to another: `migrate-to` copies a SQLite server's
 * rows into PostgreSQL, and its files live beside the SQLite database (a folder) but in PostgreSQL
 * (chunks) once moved. Runs after the rows are copied; the destination holds no file yet.
 */
import type { Store } from '../db/store';
import type { FileStore } from './fileStore';
import { thumbnailKey } from './janitor';

/** Keys listed per unit of work. */
const PAGE = 500;

/** Copies every file (and thumbnail) whose record keeps bytes; resolves how many files were copied. */
export async function copyFileBytes(records: Store, from: FileStore, to: FileStore): Promise<number> {
  let after = '';
  let copied = 0;
  for (;;) {
    const page = await records.withTransaction((tx) => tx.files.storedKeys(after, PAGE), { readOnly: true });
    for (const { storageKey, hasThumbnail } of page) {
      for (const key of hasThumbnail ? [storageKey, thumbnailKey(storageKey)] : [storageKey]) {
        const bytes = await from.get(key);
        // a 0-byte file has no bytes stored anywhere; a missing file was never served either
        if (bytes) await to.put(key, bytes);
      }
      copied += 1;
    }
    if (page.length < PAGE) return copied;
    after = page[page.length - 1]!.storageKey;
  }
}

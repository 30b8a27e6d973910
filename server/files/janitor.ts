/*
 * Removes the bytes of files nobody may reach any more, after the unit of work that said so has
 * committed: a FileStore on disk cannot take part in a database transaction, so the database records
 * what is deleted and this pass removes the bytes (a crash between the two only delays it to the next
 * pass). Runs after every deletion and purge, and with the retention job.
 */
import type { Store } from '../db/store';
import type { Logger } from '../logger';
import type { FileStore } from './fileStore';

/** Uploads never attached to a message are deleted this long after the upload. */
export const UNATTACHED_FILE_TTL_MS = 24 * 60 * 60 * 1000;
const BATCH = 100;

/** The thumbnail's key beside a file's. */
export function thumbnailKey(storageKey: string): string {
  return `${storageKey}.thumb`;
}

export class FileJanitor {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly store: Store,
    private readonly files: FileStore,
    private readonly log: Logger,
  ) {}

  /**
   * Removes the bytes of every deleted file whose key no live (or held) record shares; resolves how
   * many keys it emptied. Calls while a pass runs make one more pass after it, never two at once.
   */
  reap(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      do {
        this.again = false;
        total += await this.reapAll();
      } while (this.again);
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Deletes uploads older than the TTL that were never attached, then reaps; resolves how many went. */
  async sweepUnattached(now: number = Date.now()): Promise<number> {
    let swept = 0;
    for (;;) {
      const stale = await this.store.withTransaction(async (tx) => {
        const found = await tx.files.staleUnattached(now - UNATTACHED_FILE_TTL_MS, BATCH);
        await tx.files.markDeleted(
          found.map((f) => f.id),
          now,
        );
        return found.length;
      });
      swept += stale;
      if (stale < BATCH) break;
    }
    if (swept > 0) await this.reap();
    return swept;
  }

  private async reapAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const keys = await this.store.withTransaction((tx) => tx.files.erasedKeys(BATCH), { readOnly: true });
      for (const key of keys) {
        try {
          await this.files.delete(key);
          await this.files.delete(thumbnailKey(key));
          await this.store.withTransaction((tx) => tx.files.markBytesRemoved(key));
          total += 1;
        } catch (error) {
          this.log.warn('file bytes not removed', {
            key,
            error: error instanceof Error ? error.message : String(error),
          });
          return total;
        }
      }
      if (keys.length < BATCH) return total;
    }
  }
}

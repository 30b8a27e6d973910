/*
 * Where the bytes of uploaded files live, behind one interface: a folder beside the database for
 * SQLite deployments (one node, one disk), and the database itself for PostgreSQL deployments (bytea
 * chunks, so every node of a cluster reads every file without a shared disk). docs/server.md, "Files",
 * weighs that against an S3-compatible store.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { Store } from '../db/store';

/** Inclusive byte range, as HTTP's Range header names it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface FileStore {
  /**
   * Stores every byte `source` yields under `key` and resolves how many there were. All or nothing: a
   * source that throws (a client that went away, a size limit) leaves nothing under the key.
   */
  put(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number>;
  /** The bytes under `key` (only `range` of them if given), or null when there are none. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  /** Removes the bytes under `key`; nothing there is no error. */
  delete(key: string): Promise<void>;
}

/** Keys are ours (uuids, `<uuid>.thumb`); anything else would be a path into somewhere else. */
function checkKey(key: string): void {
  if (!/^[0-9a-f-]{36}(\.thumb)?$/.test(key)) throw new Error(`invalid storage key ${key}`);
}

/**
 * A folder of files named by key (two-character fan-out directories). A put writes a temporary file
 * in the same file system, fsyncs it, renames it into place and fsyncs the directory: a crash leaves
 * the old state or the new one, never half a file under its key.
 */
export class DiskFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    checkKey(key);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number> {
    const target = this.pathOf(key);
    const dir = join(this.root, key.slice(0, 2));
    const tmpDir = join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    await mkdir(tmpDir, { recursive: true });
    const temp = join(tmpDir, `${key}.${randomBytes(6).toString('hex')}`);
    const handle = await open(temp, 'wx', 0o600);
    let size = 0;
    try {
      for await (const chunk of source) {
        size += chunk.length;
        await handle.write(chunk);
      }
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temp, target);
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
    return size;
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    let handle;
    try {
      // opened here, not by the stream: a file deleted after the check would fail the stream later
      handle = await open(this.pathOf(key), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

/** Bytes per stored chunk: small enough to stream, large enough that a 25 MB file is 100 rows. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks written or read per unit of work (4 MB: fewer round trips; the bench measured 4 and 16). */
const CHUNKS_PER_UNIT = 16;

/**
 * Files as bytea chunks in PostgreSQL (`file_chunks`), written 16 chunks per unit of work so a
 * large upload never holds one long transaction. The key is referenced by a `files` row only after
 * the put has finished, so chunks of an unfinished put are invisible, and removed when it fails.
 */
export class DatabaseFileStore implements FileStore {
  constructor(private readonly store: Store) {}

  async put(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number> {
    checkKey(key);
    let part = 0;
    let size = 0;
    let pending: Buffer[] = [];
    let buffered: Buffer[] = [];
    let bufferedBytes = 0;
    const flush = async () => {
      const batch = pending;
      pending = [];
      const first = part - batch.length;
      await this.store.withTransaction(async (tx) => {
        for (const [index, data] of batch.entries()) await tx.files.putChunk(key, first + index, data);
      });
    };
    const cut = async (final: boolean) => {
      let all = Buffer.concat(buffered);
      while (all.length >= CHUNK_BYTES || (final && all.length > 0)) {
        pending.push(all.subarray(0, CHUNK_BYTES));
        all = all.subarray(Math.min(CHUNK_BYTES, all.length));
        part += 1;
        if (pending.length >= CHUNKS_PER_UNIT) await flush();
      }
      buffered = all.length > 0 ? [all] : [];
      bufferedBytes = all.length;
    };
    try {
      for await (const chunk of source) {
        size += chunk.length;
        buffered.push(Buffer.from(chunk));
        bufferedBytes += chunk.length;
        if (bufferedBytes >= CHUNK_BYTES) await cut(false);
      }
      await cut(true);
      if (pending.length > 0) await flush();
    } catch (error) {
      await this.delete(key);
      throw error;
    }
    return size;
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    checkKey(key);
    const first = Math.floor((range?.start ?? 0) / CHUNK_BYTES);
    const head = await this.store.withTransaction((tx) => tx.files.chunks(key, first, first), { readOnly: true });
    if (head.length === 0) return null;
    const store = this.store;
    const last = range ? Math.floor(range.end / CHUNK_BYTES) : Number.MAX_SAFE_INTEGER;
    async function* chunks(): AsyncGenerator<Buffer> {
      let part = first;
      let batch = head;
      while (batch.length > 0) {
        for (const data of batch) {
          const offset = part * CHUNK_BYTES;
          const from = range && part === first ? range.start - offset : 0;
          const to = range && part === last ? range.end - offset + 1 : data.length;
          yield data.subarray(from, to);
          part += 1;
          if (part > last) return;
        }
        const from = part;
        batch = await store.withTransaction((tx) => tx.files.chunks(key, from, from + CHUNKS_PER_UNIT - 1), {
          readOnly: true,
        });
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.store.withTransaction((tx) => tx.files.deleteChunks(key));
  }
}

/** The file store of a deployment: beside the SQLite database, or in PostgreSQL. */
export function fileStoreFor(store: Store, sqliteDataDir: string | null): FileStore {
  if (store.engine === 'postgres' || sqliteDataDir === null) return new DatabaseFileStore(store);
  return new DiskFileStore(join(sqliteDataDir, 'files'));
}

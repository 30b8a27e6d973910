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
export const CHUNKS_PER_UNIT = 16;
/** Units of work one upload runs at once (each on its own connection). */
const UNITS_IN_FLIGHT = 2;

/**
 * Files as bytea chunks in PostgreSQL (`file_chunks`), moved with COPY in binary (no text encoding
 * either way), 16 chunks per unit of work so a large upload never holds one long transaction nor a
 * download a connection while its client reads. Units run while the next batch arrives (upload, up
 * to two at once) or is sent (download, the next one), so the database and the network work at the
 * same time: at most 12 MB of an upload and 8 MB of a download are in memory. The key is referenced
 * by a `files` row only after the put has finished, so chunks of an unfinished put are invisible, and
 * removed when it fails.
 */
export class DatabaseFileStore implements FileStore {
  constructor(private readonly store: Store) {}

  async put(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number> {
    checkKey(key);
    let size = 0;
    let stored = 0; // chunks handed to a unit of work
    let batch: Buffer[] = [];
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    const writing = new Set<Promise<void>>();
    const write = async () => {
      const data = batch;
      const first = stored;
      batch = [];
      stored += data.length;
      // parts carry their numbers, so units may commit in any order; a bounded number at a time
      while (writing.size >= UNITS_IN_FLIGHT) await Promise.race(writing);
      const unit = this.store.withTransaction((tx) => tx.files.putChunks(key, first, data));
      writing.add(unit);
      // awaited by a later write or the end; until then a failure must not count as unhandled
      unit.then(
        () => writing.delete(unit),
        () => undefined,
      );
    };
    try {
      for await (const piece of source) {
        size += piece.length;
        let offset = 0;
        while (offset < piece.length) {
          const n = Math.min(CHUNK_BYTES - filled, piece.length - offset);
          chunk.set(piece.subarray(offset, offset + n), filled);
          filled += n;
          offset += n;
          if (filled < CHUNK_BYTES) continue;
          batch.push(chunk);
          chunk = Buffer.allocUnsafe(CHUNK_BYTES);
          filled = 0;
          if (batch.length >= CHUNKS_PER_UNIT) await write();
        }
      }
      if (filled > 0) batch.push(chunk.subarray(0, filled));
      if (batch.length > 0) await write();
      await Promise.all(writing);
    } catch (error) {
      // a unit still running would write chunks after the delete
      await Promise.allSettled(writing);
      await this.delete(key);
      throw error;
    }
    return size;
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    checkKey(key);
    const first = Math.floor((range?.start ?? 0) / CHUNK_BYTES);
    const last = range ? Math.floor(range.end / CHUNK_BYTES) : Number.MAX_SAFE_INTEGER;
    const read = (from: number) => {
      const to = Math.min(last, from + CHUNKS_PER_UNIT - 1);
      return this.store.withTransaction((tx) => tx.files.chunks(key, from, to), { readOnly: true });
    };
    const head = await read(first);
    if (head.length === 0) return null;
    async function* chunks(): AsyncGenerator<Buffer> {
      let part = first;
      let batch = head;
      while (batch.length > 0) {
        // the next batch is read while this one is sent; a full batch may not be the last one
        const full = batch.length === CHUNKS_PER_UNIT && part + batch.length <= last;
        const next = full ? read(part + batch.length) : null;
        // a download cut short leaves the read running: its failure is nobody's to hear
        next?.catch(() => undefined);
        for (const data of batch) {
          const offset = part * CHUNK_BYTES;
          const from = range && part === first ? range.start - offset : 0;
          const to = range && part === last ? range.end - offset + 1 : data.length;
          yield data.subarray(from, to);
          part += 1;
        }
        batch = next ? await next : [];
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

// Files as chunks in PostgreSQL (server/files/fileStore.ts, DatabaseFileStore): the bytes move by
// binary COPY, an upload runs two units at once and a download reads its next batch while it sends
// one, so the edges are where a chunk, a unit or a range ends, and what a cut or a failure leaves.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/db/openStore';
import type { Store } from '../../../server/db/store';
import { CHUNK_BYTES, CHUNKS_PER_UNIT, DatabaseFileStore } from '../../../server/files/fileStore';
import { decodeByteaColumn, encodeBinaryCopy } from '../../../server/repositories/postgres/binaryCopy';
import { createTestStorage, type TestStorage } from '../../helpers/storage';

const UNIT_BYTES = CHUNK_BYTES * CHUNKS_PER_UNIT;

let storage: TestStorage;
let store: Store;
let files: DatabaseFileStore;
beforeAll(async () => {
  storage = await createTestStorage('postgres');
  // a small pool: a download that kept its connection after being cut would block the later ones
  store = await openStore(storage.target, { poolSize: 3 });
  files = new DatabaseFileStore(store);
});
afterAll(async () => {
  await store.close();
  await storage.dispose();
});

/** `bytes` as an upload delivers it: in pieces of `piece` bytes, which never line up with the chunks. */
function* pieces(bytes: Buffer, piece: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
}

async function readAll(stream: NodeJS.ReadableStream | null): Promise<Buffer | null> {
  if (!stream) return null;
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function chunkRows(key: string): Promise<{ part: number; size: number }[]> {
  return store.withSql((sql) =>
    sql.all<{ part: number; size: number }>(
      'SELECT part, length(data) AS size FROM file_chunks WHERE storage_key = ? ORDER BY part',
      [key],
    ),
  );
}

describe('binary COPY format', () => {
  it('reads a bytea column however the stream was cut into messages', () => {
    const values = [randomBytes(5), Buffer.alloc(0), randomBytes(300)];
    const stream = Buffer.concat([
      Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
      Buffer.alloc(8),
      ...values.flatMap((v) => [Buffer.from([0, 1]), Buffer.from([0, 0, v.length >> 8, v.length & 0xff]), v]),
      Buffer.from([0xff, 0xff]),
    ]);
    for (const cut of [1, 2, 7, 19, 21, 64, stream.length]) {
      const cutPieces = [...pieces(stream, cut)];
      expect(decodeByteaColumn(cutPieces), `cut every ${cut} bytes`).toEqual(values);
    }
    expect(() => decodeByteaColumn([stream.subarray(0, stream.length - 1)])).toThrow(/ended early/);
    expect(() => decodeByteaColumn([Buffer.from('PGCOPX\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1')])).toThrow(
      /not a binary COPY/,
    );
  });

  it('writes rows of text, int4 and bytea that PostgreSQL reads back as they were', async () => {
    const key = randomUUID();
    const data = [randomBytes(10), Buffer.alloc(0), randomBytes(70_000)];
    await store.withSql(async (sql) => {
      await sql.copy!.from(
        'COPY file_chunks (storage_key, part, data) FROM STDIN (FORMAT binary)',
        encodeBinaryCopy(data.map((bytes, part) => [key, part + 2_000_000, bytes])),
      );
    });
    const rows = await store.withSql((sql) =>
      sql.all<{ part: number; data: Buffer }>(
        'SELECT part, data FROM file_chunks WHERE storage_key = ? ORDER BY part',
        [key],
      ),
    );
    expect(rows).toEqual(data.map((bytes, i) => ({ part: i + 2_000_000, data: bytes })));
    expect(() => encodeBinaryCopy([[key, 2 ** 31, Buffer.alloc(1)]])).toThrow(/not an int4/);
  });

  it('fails the unit with the server’s error when a copied row breaks a constraint', async () => {
    const key = randomUUID();
    const row = [key, 0, Buffer.from('x')];
    await expect(
      store.withSql((sql) =>
        sql.copy!.from(
          'COPY file_chunks (storage_key, part, data) FROM STDIN (FORMAT binary)',
          encodeBinaryCopy([row, row]),
        ),
      ),
    ).rejects.toThrow(/duplicate key/);
    // the connection went back to the pool in working order
    expect(await chunkRows(key)).toEqual([]);
  });
});

describe('DatabaseFileStore', () => {
  it('round-trips files that end on and around chunk and unit boundaries, and stores no empty chunk', async () => {
    const sizes = [
      1,
      CHUNK_BYTES - 1,
      CHUNK_BYTES,
      CHUNK_BYTES + 1,
      UNIT_BYTES,
      UNIT_BYTES + 1,
      2 * UNIT_BYTES + 12_345,
    ];
    for (const size of sizes) {
      const key = randomUUID();
      const bytes = randomBytes(size);
      expect(await files.put(key, pieces(bytes, 65_537))).toBe(size);
      expect((await readAll(await files.get(key)))!.equals(bytes), `${size} bytes`).toBe(true);
      const rows = await chunkRows(key);
      expect(rows.map((r) => r.part)).toEqual([...Array(Math.ceil(size / CHUNK_BYTES)).keys()]);
      expect(rows.every((r, i) => r.size === (i < rows.length - 1 ? CHUNK_BYTES : size - i * CHUNK_BYTES))).toBe(true);
    }
  });

  it('stores nothing for an empty file (a 0-byte file is served without reading the store)', async () => {
    const key = randomUUID();
    expect(await files.put(key, [])).toBe(0);
    expect(await files.get(key)).toBeNull();
    expect(await chunkRows(key)).toEqual([]);
  });

  it('serves ranges that start and end on either side of chunk and unit boundaries', async () => {
    const key = randomUUID();
    const bytes = randomBytes(2 * UNIT_BYTES + 1000);
    await files.put(key, pieces(bytes, 100_000));
    const ranges: [number, number][] = [
      [0, 0],
      [CHUNK_BYTES - 1, CHUNK_BYTES],
      [CHUNK_BYTES, CHUNK_BYTES],
      [UNIT_BYTES - 10, UNIT_BYTES + 10],
      [5, 2 * UNIT_BYTES - 1],
      [UNIT_BYTES, 2 * UNIT_BYTES + 999],
      [bytes.length - 1, bytes.length - 1],
    ];
    for (const [start, end] of ranges) {
      const got = await readAll(await files.get(key, { start, end }));
      expect(got!.equals(bytes.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
  });

  it('leaves no chunk of an upload that failed after several units, nor of a failed first unit', async () => {
    const key = randomUUID();
    const bytes = randomBytes(3 * UNIT_BYTES);
    async function* breaksOff(): AsyncGenerator<Buffer> {
      yield* pieces(bytes.subarray(0, 2 * UNIT_BYTES + 5), 50_000);
      throw new Error('client went away');
    }
    await expect(files.put(key, breaksOff())).rejects.toThrow('client went away');
    expect(await chunkRows(key)).toEqual([]);
    expect(await files.get(key)).toBeNull();
    // a unit that the database refuses (chunks already under the key) fails the put, which clears the key
    const taken = randomUUID();
    await files.put(taken, [Buffer.from('first')]);
    await expect(files.put(taken, pieces(randomBytes(UNIT_BYTES + 1), 65_536))).rejects.toThrow(/duplicate key/);
    expect(await chunkRows(taken)).toEqual([]);
  });

  it('gives its connections back when a download is cut off mid-way, whatever the pool size', async () => {
    const key = randomUUID();
    const bytes = randomBytes(3 * UNIT_BYTES);
    await files.put(key, [bytes]);
    for (let i = 0; i < 8; i += 1) {
      const stream = (await files.get(key))!;
      // the first chunk arrives and the next batch is being read; then the client goes away
      for await (const part of stream) {
        expect((part as Buffer).length).toBe(CHUNK_BYTES);
        break;
      }
      expect(stream.destroyed).toBe(true);
    }
    expect((await readAll(await files.get(key)))!.equals(bytes)).toBe(true);
  });
});

// Talking to the file routes over real HTTP, and fixtures of real file formats made with sharp.
import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import type { FileRef } from '../../shared/protocol/index';
import { fileStoreFor, type FileStore } from '../../server/files/fileStore';
import type { TestServer } from './server';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** POST /api/files with the given bytes (named by the client's `clientId` if given); `json` is the parsed answer. */
export async function upload(
  url: string,
  token: string | null,
  streamId: string,
  name: string,
  bytes: Uint8Array,
  clientId?: string,
): Promise<HttpAnswer & { json: { file?: FileRef; error?: { code: string; field?: string } } }> {
  const named = clientId === undefined ? '' : `&clientId=${encodeURIComponent(clientId)}`;
  const res = await fetch(`${url}/api/files?stream=${streamId}&name=${encodeURIComponent(name)}${named}`, {
    method: 'POST',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    body: new Uint8Array(bytes),
  });
  const body = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body,
    json: JSON.parse(body.toString('utf8')) as { file?: FileRef; error?: { code: string; field?: string } },
  };
}

/** GET a path with a session token. */
export async function get(url: string, token: string | null, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    headers: { ...headers, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
  });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) };
}

/**
 * Sends only the headers of an upload that declares `declared` bytes and resolves with the answer that
 * comes before any byte of the body was sent (the body is never written).
 */
export function headersOnlyUpload(
  url: string,
  token: string,
  streamId: string,
  declared: number,
): Promise<{ status: number; body: string }> {
  const target = new URL(`${url}/api/files?stream=${streamId}&name=big.bin`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-length': String(declared) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          req.destroy();
        });
      },
    );
    req.on('error', reject);
    req.flushHeaders();
  });
}

/** A real PNG of the given size. */
export function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .png()
    .toBuffer();
}

/**
 * A decompression bomb: a real 16 × 16 PNG whose header claims `side` × `side` pixels (CRC fixed up),
 * so a decoder that trusts it would allocate side² × 3 bytes.
 */
export async function pngBomb(side: number): Promise<Buffer> {
  const bytes = Buffer.from(await png(16, 16));
  // signature (8) + IHDR length (4) + 'IHDR' (4): width and height follow
  bytes.writeUInt32BE(side, 16);
  bytes.writeUInt32BE(side, 20);
  bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)), 29);
  return bytes;
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The start of a Windows executable: an MZ header, then noise. */
export function exe(): Buffer {
  const bytes = Buffer.alloc(8192, 7);
  bytes.write('MZ', 0, 'latin1');
  return bytes;
}

/** The file store the test server uses (the folder beside SQLite, or PostgreSQL's chunks). */
export function serverFileStore(ts: TestServer): FileStore {
  return fileStoreFor(ts.server.store, 'dataDir' in ts.storage.options ? ts.storage.options.dataDir : null);
}

/** Whether the store still holds bytes under a key. */
export async function holds(files: FileStore, key: string): Promise<boolean> {
  const stream = await files.get(key);
  stream?.on('error', () => undefined);
  stream?.destroy();
  return stream !== null;
}

// Idempotent uploads on both engines: an upload named by the client's id is stored once, whatever
// the retries (an answer lost, a connection cut mid-body, two attempts at once), and a cut upload
// leaves no bytes behind.
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from '../helpers/files';
import {
  loginAndConnect,
  ok,
  rawSql,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: { socket: ClientSocket; token: string };
let bob: { socket: ClientSocket; token: string };
let designId: string;
let otherId: string;

beforeAll(async () => {
  ts = await startTestServer();
  alice = await loginAndConnect(ts.url, 'alice@acme.test');
  bob = await loginAndConnect(ts.url, 'bob@acme.test');
  designId = (await streamNamed(alice.socket, 'Design')).id;
  // another stream alice may post in (the org's)
  otherId = (await ok(alice.socket, 'hello', {})).streams.find((s) => s.kind === 'org')!.id;
});
afterAll(async () => {
  alice.socket.close();
  bob.socket.close();
  await ts.close();
});

function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e);
    return statSync(path).isDirectory() ? filesUnder(path) : [e];
  });
}

/** Every storage key holding bytes (files on disk for SQLite, the chunks' keys in PostgreSQL), temporary ones too. */
async function storedKeys(): Promise<string[]> {
  const options = ts.storage.options;
  if ('dataDir' in options) return filesUnder(join(options.dataDir, 'files')).sort();
  const rows = await rawSql(ts, (sql) =>
    sql.all<{ key: string }>('SELECT DISTINCT storage_key AS key FROM file_chunks ORDER BY storage_key', []),
  );
  return rows.map((r) => r.key);
}

async function rowsNamed(clientId: string): Promise<number> {
  const row = await rawSql(ts, (sql) =>
    sql.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM files WHERE client_id = ?', [clientId]),
  );
  return Number(row?.n ?? 0);
}

/**
 * Starts an upload declaring `declared` bytes, writes `sent` of them, then cuts the connection, as a
 * laptop that lost its network would; resolves once the socket is gone.
 */
function cutUpload(streamId: string, clientId: string, declared: number, sent: number): Promise<void> {
  const target = new URL(`${ts.url}/api/files?stream=${streamId}&name=cut.bin&clientId=${clientId}`);
  return new Promise((resolve) => {
    const req = httpRequest({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-length': String(declared) },
    });
    req.on('error', () => undefined);
    req.on('close', () => resolve());
    req.write(Buffer.alloc(sent, 3), () => setTimeout(() => req.destroy(), 200));
  });
}

describe('uploads named by the client', () => {
  it('stores one file for two uploads with the same id and answers the stored one again', async () => {
    const clientId = randomUUID();
    const bytes = Buffer.from('notes of the offline train ride\n'.repeat(100));
    const first = await upload(ts.url, alice.token, designId, 'notes.txt', bytes, clientId);
    expect(first.status).toBe(201);
    const keysAfterFirst = await storedKeys();
    const again = await upload(ts.url, alice.token, designId, 'notes.txt', bytes, clientId);
    expect(again.status).toBe(200);
    expect(again.json.file).toEqual(first.json.file);
    expect(await rowsNamed(clientId)).toBe(1);
    expect(await storedKeys()).toEqual(keysAfterFirst);
    // the id is the uploader's: another user's upload with it is their own file
    const bobs = await upload(ts.url, bob.token, designId, 'notes.txt', bytes, clientId);
    expect(bobs.status).toBe(201);
    expect(bobs.json.file!.id).not.toBe(first.json.file!.id);
  });

  it('leaves nothing of an upload cut mid-body, and the retry stores the file once', async () => {
    const clientId = randomUUID();
    const before = await storedKeys();
    // past four stored units of 256 KiB chunks: PostgreSQL has flushed some rows when the cut comes
    const declared = 6 * 1024 * 1024;
    await cutUpload(designId, clientId, declared, 5 * 1024 * 1024);
    await expect.poll(storedKeys, { timeout: 10_000 }).toEqual(before);
    expect(await rowsNamed(clientId)).toBe(0);

    const bytes = Buffer.alloc(declared, 3);
    const retry = await upload(ts.url, alice.token, designId, 'cut.bin', bytes, clientId);
    expect(retry.status).toBe(201);
    const fileId = retry.json.file!.id;
    expect(await storedKeys()).toEqual([...before, fileId].sort());
    const again = await upload(ts.url, alice.token, designId, 'cut.bin', bytes, clientId);
    expect(again.json.file!.id).toBe(fileId);
    expect(await rowsNamed(clientId)).toBe(1);
  });

  it('stores one file when two attempts with the same id arrive together', async () => {
    const clientId = randomUUID();
    const before = await storedKeys();
    const bytes = Buffer.alloc(300_000, 9);
    const answers = await Promise.all([
      upload(ts.url, alice.token, designId, 'twice.bin', bytes, clientId),
      upload(ts.url, alice.token, designId, 'twice.bin', bytes, clientId),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0]!.json.file).toEqual(answers[1]!.json.file);
    expect(await rowsNamed(clientId)).toBe(1);
    expect(await storedKeys()).toEqual([...before, answers[0]!.json.file!.id].sort());
  });

  it('refuses the same id for another stream and an id that is not a UUID', async () => {
    const clientId = randomUUID();
    expect((await upload(ts.url, alice.token, designId, 'a.txt', Buffer.from('a'), clientId)).status).toBe(201);
    const elsewhere = await upload(ts.url, alice.token, otherId, 'a.txt', Buffer.from('a'), clientId);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.json.error).toMatchObject({ code: 'CONFLICT', field: 'clientId' });
    const bad = await upload(ts.url, alice.token, designId, 'a.txt', Buffer.from('a'), 'not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'INVALID', field: 'clientId' });
  });

  it('gives the id of an upload swept unattached to the next upload with it', async () => {
    const clientId = randomUUID();
    const first = await upload(ts.url, alice.token, designId, 'late.txt', Buffer.from('late'), clientId);
    await ts.server.retention.runPass(Date.now() + 2 * 86_400_000);
    const later = await upload(ts.url, alice.token, designId, 'late.txt', Buffer.from('late'), clientId);
    expect(later.status).toBe(201);
    expect(later.json.file!.id).not.toBe(first.json.file!.id);
    expect(await rowsNamed(clientId)).toBe(1);
  });
});

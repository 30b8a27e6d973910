// Files across the nodes of a PostgreSQL cluster: the bytes are chunks in the database, so a file
// uploaded through one node downloads (whole, in ranges, its thumbnail) through another, and once
// its message is deleted through that other node, the first one serves it no more.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/ids';
import { CHUNK_BYTES, CHUNKS_PER_UNIT } from '../../../server/files/fileStore';
import { get, png, upload } from '../../helpers/files';
import { connect, login, ok, startTestServer, streamNamed, type TestServer } from '../../helpers/server';
import { createTestStorage, type TestStorage } from '../../helpers/storage';

let storage: TestStorage;
const nodes: TestServer[] = [];
beforeAll(async () => {
  storage = await createTestStorage('postgres');
  nodes.push(await startTestServer({ storage }));
  nodes.push(await startTestServer({ storage, demo: false }));
});
afterAll(async () => {
  for (const node of nodes) await node.close();
  await storage.dispose();
});

describe('files on a cluster', () => {
  it('serves a file written through one node from another, until its message is deleted there', async () => {
    const [a, b] = nodes as [TestServer, TestServer];
    const { token } = await login(a.url, 'bob@acme.test');
    const socketA = await connect(a.url, token);
    const socketB = await connect(b.url, token);
    const design = await streamNamed(socketA, 'Design');
    // more than one unit of chunks, ending off a chunk boundary
    const bytes = randomBytes(CHUNK_BYTES * CHUNKS_PER_UNIT + CHUNK_BYTES / 2 + 7);
    const photo = await png(500, 400);
    const big = (await upload(a.url, token, design.id, 'big.bin', bytes)).json.file!;
    const image = (await upload(a.url, token, design.id, 'photo.png', photo)).json.file!;

    const whole = await get(b.url, token, `/api/files/${big.id}`);
    expect(whole.status).toBe(200);
    expect(whole.body.equals(bytes)).toBe(true);
    const start = CHUNK_BYTES * CHUNKS_PER_UNIT - 3;
    const ranged = await get(b.url, token, `/api/files/${big.id}`, { range: `bytes=${start}-${start + 9}` });
    expect(ranged.status).toBe(206);
    expect(ranged.body.equals(bytes.subarray(start, start + 10))).toBe(true);
    expect((await get(b.url, token, `/api/files/${image.id}`)).body.equals(photo)).toBe(true);
    const thumbnail = await get(b.url, token, `/api/files/${image.id}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.body.equals((await get(a.url, token, `/api/files/${image.id}/thumbnail`)).body)).toBe(true);

    const sent = await ok(socketA, 'message:send', {
      streamId: design.id,
      clientId: uuidv7(),
      body: 'both',
      fileIds: [big.id, image.id],
    });
    await ok(socketB, 'message:delete', { messageId: sent.message.id });
    expect((await get(a.url, token, `/api/files/${big.id}`)).status).toBe(404);
    socketA.close();
    socketB.close();
  });
});

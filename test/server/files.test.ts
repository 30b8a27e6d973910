// Files on the server, on both engines: upload and download over real HTTP beside a real socket,
// limits, type from content, thumbnails, attaching to messages, DMs, deletion, holds, promotion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, StreamEvent } from '../../shared/protocol/index';
import { adminMain } from '../../server/admin/cli';
import { RetentionAdmin } from '../../server/admin/retention.admin';
import { exe, get, pngBomb, headersOnlyUpload, holds, png, serverFileStore, upload } from '../helpers/files';
import {
  collect,
  loginAndConnect,
  ok,
  readStore,
  request,
  startTestServer,
  streamNamed,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

interface Person {
  socket: ClientSocket;
  token: string;
}
let ts: TestServer;
let alice: Person, bob: Person, carol: Person;
let designId: string;
let engineeringId: string;

beforeAll(async () => {
  ts = await startTestServer();
  const connect = async (name: string) => {
    const session = await loginAndConnect(ts.url, `${name}@acme.test`);
    return { socket: session.socket, token: session.token };
  };
  [alice, bob, carol] = [await connect('alice'), await connect('bob'), await connect('carol')];
  designId = (await streamNamed(alice.socket, 'Design')).id;
  engineeringId = (await streamNamed(carol.socket, 'Engineering')).id;
});
afterAll(async () => {
  for (const p of [alice, bob, carol]) p.socket.close();
  await ts.close();
});

const sendWithFiles = (who: Person, streamId: string, fileIds: string[], body = '') =>
  ok(who.socket, 'message:send', { streamId, clientId: uuidv7(), body, fileIds });

describe('upload and download', () => {
  it('round-trips the bytes, attaches them to a message, and every path that returns it carries them', async () => {
    const bytes = Buffer.from('minutes of the design review\n'.repeat(1000));
    const up = await upload(ts.url, alice.token, designId, 'minutes.txt', bytes);
    expect(up.status).toBe(201);
    const file = up.json.file!;
    expect(file).toMatchObject({
      name: 'minutes.txt',
      size: bytes.length,
      width: null,
      height: null,
      thumbnail: false,
    });
    // before it is attached, only the uploader reaches it
    expect((await get(ts.url, alice.token, `/api/files/${file.id}`)).body.equals(bytes)).toBe(true);
    expect((await get(ts.url, bob.token, `/api/files/${file.id}`)).status).toBe(404);

    const bobEvents = collect<StreamEvent>(bob.socket, 'event');
    // a message of files only: no body
    const { message } = await sendWithFiles(alice, designId, [file.id]);
    expect(message.body).toBe('');
    expect(message.files).toEqual([file]);
    await waitFor(() => bobEvents.some((e) => e.message?.id === message.id));
    expect(bobEvents.find((e) => e.message?.id === message.id)!.message!.files).toEqual([file]);
    const history = await ok(bob.socket, 'history', { streamId: designId, beforeSeq: message.seq + 1, limit: 5 });
    expect(history.messages.find((m) => m.id === message.id)!.files).toEqual([file]);
    const synced = await ok(bob.socket, 'sync', { streamId: designId, afterSeq: message.seq - 1, limit: 5 });
    expect(synced.events.find((e) => e.message?.id === message.id)!.message!.files).toEqual([file]);

    const down = await get(ts.url, bob.token, `/api/files/${file.id}`);
    expect(down.status).toBe(200);
    expect(down.body.equals(bytes)).toBe(true);
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-disposition']).toMatch(/^attachment; filename="minutes.txt"/);
    const part = await get(ts.url, bob.token, `/api/files/${file.id}`, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.body.equals(bytes.subarray(10, 20))).toBe(true);
    // carol is not in Design: the same 404 as for an id that does not exist
    expect((await get(ts.url, carol.token, `/api/files/${file.id}`)).status).toBe(404);
    expect((await get(ts.url, carol.token, `/api/files/${uuidv7()}`)).status).toBe(404);
    expect((await get(ts.url, null, `/api/files/${file.id}`)).status).toBe(401);
  });

  it('streams a file of many chunks whole and in ranges across chunk boundaries', async () => {
    // 1.3 MB of random bytes: several of PostgreSQL's 256 KiB chunks and more than one unit of 16
    const bytes = randomBytes(1_300_000);
    const file = (await upload(ts.url, alice.token, designId, 'big.bin', bytes)).json.file!;
    expect(file).toMatchObject({ size: bytes.length, mime: 'application/octet-stream' });
    expect((await get(ts.url, alice.token, `/api/files/${file.id}`)).body.equals(bytes)).toBe(true);
    for (const [start, end] of [
      [262_000, 262_300],
      [0, 0],
      [1_299_990, 1_299_999],
      [100, 1_200_000],
    ] as const) {
      const part = await get(ts.url, alice.token, `/api/files/${file.id}`, { range: `bytes=${start}-${end}` });
      expect(part.status).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes ${start}-${end}/${bytes.length}`);
      expect(part.body.equals(bytes.subarray(start, end + 1))).toBe(true);
    }
    const tail = await get(ts.url, alice.token, `/api/files/${file.id}`, { range: 'bytes=-5' });
    expect(tail.body.equals(bytes.subarray(-5))).toBe(true);
    expect((await get(ts.url, alice.token, `/api/files/${file.id}`, { range: 'bytes=2000000-' })).status).toBe(416);
  });

  it('announces the limit and refuses a larger upload from its Content-Length, before the body', async () => {
    const hello = await ok(alice.socket, 'hello', {});
    expect(hello.limits.maxFileBytes).toBe(26_214_400);
    const info = (await (await fetch(`${ts.url}/api/info`)).json()) as { maxFileBytes: number };
    expect(info.maxFileBytes).toBe(26_214_400);
    // no body byte is ever written: the answer must come from the headers alone
    const refused = await headersOnlyUpload(ts.url, alice.token, designId, 26_214_401);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'TOO_LARGE', field: 'file' } });
    // the admin CLI lowers the org's limit (audited); hello and the next upload follow it
    const cli = (...argv: string[]) => adminMain([...argv, '--json', ...ts.storage.cliArgs]);
    expect(await cli('set-file-limit', '--org', 'Acme', '--mb', '0')).toMatchObject({ code: 1 });
    expect(await cli('set-file-limit', '--org', 'Acme')).toMatchObject({ code: 1 });
    const set = await cli('set-file-limit', '--org', 'Acme', '--mb', '1');
    expect(JSON.parse(set.stdout)).toEqual({ ok: true, result: { maxFileBytes: 1_048_576, previous: 26_214_400 } });
    try {
      expect((await ok(alice.socket, 'hello', {})).limits.maxFileBytes).toBe(1_048_576);
      const over = await upload(ts.url, alice.token, designId, 'big.bin', Buffer.alloc(1_048_577, 1));
      expect(over).toMatchObject({ status: 413, json: { error: { code: 'TOO_LARGE', field: 'file' } } });
      expect((await upload(ts.url, alice.token, designId, 'fits.bin', Buffer.alloc(1_048_576, 1))).status).toBe(201);
      const audit = await readStore(ts, (tx) => tx.audit.list({ action: 'org.file_limit' }));
      expect(audit[0]?.detail).toMatchObject({ maxFileBytes: 1_048_576, previous: 26_214_400, via: 'admin-cli' });
    } finally {
      expect((await cli('set-file-limit', '--org', 'Acme', '--default')).code).toBe(0);
    }
  });

  it('refuses an upload into a stream the caller cannot post in (403) and bad input (400)', async () => {
    const bytes = Buffer.from('hello');
    expect((await upload(ts.url, carol.token, designId, 'a.txt', bytes)).status).toBe(403);
    expect((await upload(ts.url, carol.token, uuidv7(), 'a.txt', bytes)).status).toBe(403);
    const noStream = await upload(ts.url, carol.token, 'nope', 'a.txt', bytes);
    expect(noStream).toMatchObject({ status: 400, json: { error: { code: 'INVALID', field: 'stream' } } });
    const noName = await upload(ts.url, carol.token, engineeringId, '', bytes);
    expect(noName).toMatchObject({ status: 400, json: { error: { code: 'INVALID', field: 'name' } } });
    expect((await upload(ts.url, null, engineeringId, 'a.txt', bytes)).status).toBe(401);
  });

  it('detects the type from the content, never the name, and makes a bounded thumbnail of images', async () => {
    const image = await upload(ts.url, alice.token, designId, 'notes.txt', await png(1200, 600));
    expect(image.json.file).toMatchObject({ mime: 'image/png', width: 1200, height: 600, thumbnail: true });
    const program = await upload(ts.url, alice.token, designId, 'cat.jpg', exe());
    expect(program.json.file!.mime).not.toMatch(/^image\//);
    expect(program.json.file).toMatchObject({ width: null, height: null, thumbnail: false });
    const unknown = await upload(ts.url, alice.token, designId, 'photo.png', Buffer.from('just some text'));
    expect(unknown.json.file!.mime).toBe('application/octet-stream');

    const thumb = await get(ts.url, alice.token, `/api/files/${image.json.file!.id}/thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.body).metadata();
    expect([meta.width, meta.height]).toEqual([320, 160]);
    expect((await get(ts.url, alice.token, `/api/files/${program.json.file!.id}/thumbnail`)).status).toBe(404);
    const inline = await get(ts.url, alice.token, `/api/files/${image.json.file!.id}`);
    expect(inline.headers['content-type']).toBe('image/png');
    expect(inline.headers['content-disposition']).toMatch(/^inline/);
    const download = await get(ts.url, alice.token, `/api/files/${program.json.file!.id}`);
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
  });

  it('keeps a decompression bomb as a plain file without decoding it', async () => {
    // 100 000 × 100 000 pixels claimed: 30 GB to decode
    const bomb = await pngBomb(100_000);
    const up = await upload(ts.url, alice.token, designId, 'bomb.png', bomb);
    expect(up.status).toBe(201);
    expect(up.json.file).toMatchObject({ mime: 'image/png', thumbnail: false, width: null });
  });
});

describe('attaching', () => {
  it('attaches only the sender’s own unattached uploads into the same stream', async () => {
    const mine = (await upload(ts.url, alice.token, designId, 'a.txt', Buffer.from('a'))).json.file!;
    const bobs = (await upload(ts.url, bob.token, designId, 'b.txt', Buffer.from('b'))).json.file!;
    const elsewhere = (await upload(ts.url, carol.token, engineeringId, 'c.txt', Buffer.from('c'))).json.file!;
    for (const fileIds of [[bobs.id], [uuidv7()], [mine.id, mine.id]]) {
      const ack = await request(alice.socket, 'message:send', {
        streamId: designId,
        clientId: uuidv7(),
        body: 'x',
        fileIds,
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'fileIds' } });
    }
    const wrongStream = await request(carol.socket, 'message:send', {
      streamId: (await streamNamed(carol.socket, 'Acme')).id,
      clientId: uuidv7(),
      body: '',
      fileIds: [elsewhere.id],
    });
    expect(wrongStream).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'fileIds' } });
    // no text and no files: the body is what is missing
    const empty = await request(alice.socket, 'message:send', { streamId: designId, clientId: uuidv7(), body: '' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'body' } });
    await sendWithFiles(alice, designId, [mine.id], 'first');
    const again = await request(alice.socket, 'message:send', {
      streamId: designId,
      clientId: uuidv7(),
      body: 'second',
      fileIds: [mine.id],
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'fileIds' } });
  });

  it('keeps files of a direct conversation to its participants', async () => {
    const bobUser = (await ok(bob.socket, 'hello', {})).user;
    const { stream } = await ok(alice.socket, 'dm:open', { userIds: [bobUser.id] });
    const file = (await upload(ts.url, alice.token, stream.id, 'secret.txt', Buffer.from('psst'))).json.file!;
    expect((await upload(ts.url, carol.token, stream.id, 'x.txt', Buffer.from('x'))).status).toBe(403);
    await sendWithFiles(alice, stream.id, [file.id]);
    expect((await get(ts.url, bob.token, `/api/files/${file.id}`)).body.toString()).toBe('psst');
    expect((await get(ts.url, carol.token, `/api/files/${file.id}`)).status).toBe(404);
  });
});

describe('deletion, retention, holds, promotion', () => {
  const files = () => serverFileStore(ts);

  async function postFile(who: Person, streamId: string, body: string): Promise<Message> {
    const file = (await upload(ts.url, who.token, streamId, 'f.bin', Buffer.alloc(2048, 3))).json.file!;
    return (await sendWithFiles(who, streamId, [file.id], body)).message;
  }

  it('removes the bytes of a deleted message’s files, and the references everywhere', async () => {
    const message = await postFile(alice, designId, 'to be deleted');
    const fileId = message.files![0]!.id;
    expect(await holds(files(), fileId)).toBe(true);
    const { message: deleted } = await ok(alice.socket, 'message:delete', { messageId: message.id });
    expect(deleted.files).toBeUndefined();
    await expect.poll(() => holds(files(), fileId)).toBe(false);
    expect((await get(ts.url, alice.token, `/api/files/${fileId}`)).status).toBe(404);
    const synced = await ok(bob.socket, 'sync', { streamId: designId, afterSeq: message.seq - 1, limit: 5 });
    expect(synced.events.find((e) => e.message?.id === message.id)!.message!.files).toBeUndefined();
  });

  it('keeps the bytes of a held message’s files, out of every reader’s reach', async () => {
    const hold = await new RetentionAdmin(ts.server.store).hold({
      org: 'Acme',
      email: 'bob@acme.test',
      reason: 'case 7',
    });
    try {
      const message = await postFile(bob, designId, 'held');
      const fileId = message.files![0]!.id;
      await ok(bob.socket, 'message:delete', { messageId: message.id });
      await ts.server.retention.runPass();
      expect(await holds(files(), fileId)).toBe(true);
      expect((await get(ts.url, bob.token, `/api/files/${fileId}`)).status).toBe(404);
    } finally {
      await new RetentionAdmin(ts.server.store).releaseHold({ id: hold.id });
    }
  });

  it('purges the files of expired messages, and sweeps uploads never attached after a day', async () => {
    const { teamId } = await streamNamed(alice.socket, 'Design');
    const message = await postFile(alice, designId, 'will expire');
    const fileId = message.files![0]!.id;
    const loose = (await upload(ts.url, alice.token, designId, 'loose.bin', Buffer.alloc(10))).json.file!;
    const dave = await loginAndConnect(ts.url, 'dave@acme.test');
    try {
      await ok(dave.socket, 'retention:set', { teamId: teamId!, days: 1 });
      await ts.server.store.withSql((sql) =>
        sql.run('UPDATE messages SET created_at = ? WHERE id = ?', [Date.now() - 3 * 86_400_000, message.id]),
      );
      await ts.server.retention.runPass(Date.now() + 2 * 86_400_000);
      await expect.poll(() => holds(files(), fileId)).toBe(false);
      await expect.poll(() => holds(files(), loose.id)).toBe(false);
    } finally {
      await ok(dave.socket, 'retention:set', { teamId: teamId!, days: null });
      dave.socket.close();
    }
  });

  it('copies the file references with an org-wide copy: its readers download through it only', async () => {
    const original = await postFile(alice, designId, 'share this file');
    const proposed = await ok(alice.socket, 'promotion:propose', {
      messageId: original.id,
      clientId: uuidv7(),
      note: 'for everyone',
    });
    if (proposed.promotion.state === 'awaiting_consent')
      await ok(alice.socket, 'promotion:consent', { promotionId: proposed.promotion.id, accept: true });
    const decided = await ok(alice.socket, 'promotion:decide', { promotionId: proposed.promotion.id, approve: true });
    expect(decided.promotion.state).toBe('published');
    // search hits carry the files like every other path
    const found = await ok(alice.socket, 'search', { query: 'share this file', streamId: designId });
    expect(found.hits.find((h) => h.message.id === original.id)?.message.files).toEqual(original.files);
    const copy = (await readStore(ts, (tx) => tx.messages.get(decided.promotion.orgMessageId!)))!;
    expect(copy.files).toHaveLength(1);
    const [copied] = copy.files!;
    expect(copied!.id).not.toBe(original.files![0]!.id);
    // carol (not in Design) reads the org stream: through the copy yes, through the original no
    const through = await get(ts.url, carol.token, `/api/files/${copied!.id}`);
    expect(through.status).toBe(200);
    expect(through.body.equals(Buffer.alloc(2048, 3))).toBe(true);
    expect((await get(ts.url, carol.token, `/api/files/${original.files![0]!.id}`)).status).toBe(404);
    // deleting the original leaves the copy's bytes
    await ok(alice.socket, 'message:delete', { messageId: original.id });
    await ts.server.retention.runPass();
    expect((await get(ts.url, carol.token, `/api/files/${copied!.id}`)).status).toBe(200);
  });
});

describe('the request budget', () => {
  it('counts uploads and downloads against the user’s budget, shared with their sockets', async () => {
    const tight = await startTestServer({ rateLimit: { perSecond: 0.01, burst: 4 } });
    try {
      const session = await loginAndConnect(tight.url, 'alice@acme.test');
      const streamId = (await streamNamed(session.socket, 'Design')).id; // one request of the 4
      session.socket.close();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await upload(tight.url, session.token, streamId, 'x.txt', Buffer.from('x'))).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      expect((await get(tight.url, session.token, `/api/files/${uuidv7()}`)).status).toBe(429);
    } finally {
      await tight.close();
    }
  });
});

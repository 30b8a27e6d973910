// The Flowdock-compatible streaming API: a bot's stream hears what the desktop app posts, live;
// event streams resume from their last id without losing what the history holds; access is checked
// at open and while the stream is open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Stream } from '../../shared/protocol/index';
import {
  api,
  basicAuth,
  createApiToken,
  jsonLines,
  openApiStream,
  sseEvents,
  type ApiStream,
} from '../helpers/flowdock';
import {
  connectDemoUsers,
  ok,
  startTestServer,
  streamNamed,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

/** Keep-alives after 400 ms of silence here, so the test sees one soon (production: 25 s). */
const KEEP_ALIVE_MS = 400;

let ts: TestServer;
let alice: ClientSocket;
let bob: ClientSocket;
let carol: ClientSocket;
let bobToken: string;
let design: Stream;
const streams: ApiStream[] = [];

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 }, apiKeepAliveMs: KEEP_ALIVE_MS });
  [alice, bob, carol] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol']);
  bobToken = await createApiToken(bob);
  design = await streamNamed(alice, 'Design');
});
afterAll(async () => {
  for (const s of streams) s.close();
  for (const s of [alice, bob, carol]) s.close();
  await ts.close();
});

async function open(path: string, headers: Record<string, string> = {}): Promise<ApiStream> {
  const stream = await openApiStream(ts.url, path, { authorization: basicAuth(bobToken), ...headers });
  streams.push(stream);
  return stream;
}

const send = (socket: ClientSocket, streamId: string, body: string) =>
  ok(socket, 'message:send', { streamId, clientId: uuidv7(), body });

describe('GET /stream/flows', () => {
  it('streams a message posted in the desktop app as one JSON line, and keeps the connection alive', async () => {
    const stream = await open('/stream/flows?filter=acme/design,acme/acme&active=true');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^application\/json/);
    const sent = (await send(alice, design.id, 'hello bots')).message;
    await waitFor(() => jsonLines(stream).some((m) => m.content === 'hello bots'), 1000);
    expect(jsonLines(stream).find((m) => m.content === 'hello bots')).toMatchObject({
      event: 'message',
      id: sent.seq,
      flow: design.id,
      user: sent.authorId,
      thread_id: sent.id,
    });
    await ok(alice, 'message:edit', { messageId: sent.id, body: 'hello bots, edited' });
    await waitFor(() => jsonLines(stream).some((m) => m.event === 'message-edit'));
    expect(jsonLines(stream).find((m) => m.event === 'message-edit')!.content).toEqual({
      message: sent.seq,
      updated_content: 'hello bots, edited',
    });
    // silence: blank keep-alive lines between objects
    const before = stream.text().length;
    await waitFor(() => stream.text().slice(before).startsWith('\n'), 5 * KEEP_ALIVE_MS);
    expect(stream.ended()).toBe(false);
  });

  it('refuses a flow the caller cannot read (403), another organization’s or an unknown one (404), and no filter (400)', async () => {
    const auth = basicAuth(bobToken);
    expect((await api(ts.url, '/stream/flows?filter=acme/engineering', { auth })).status).toBe(403);
    expect((await api(ts.url, '/stream/flows?filter=globex/ops', { auth })).status).toBe(404);
    expect((await api(ts.url, `/stream/flows?filter=${uuidv7()}`, { auth })).status).toBe(404);
    const none = await api(ts.url, '/stream/flows', { auth });
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('filter');
    expect((await api(ts.url, '/stream/flows?filter=acme/design&active=maybe', { auth })).body.error.field).toBe(
      'active',
    );
    expect((await api(ts.url, '/stream/flows?filter=acme/design')).status).toBe(401);
  });

  it('serves Server-Sent Events when asked, and a reconnect with Last-Event-ID loses nothing', async () => {
    const first = await open(`/stream/flows/acme/design`, { accept: 'text/event-stream' });
    expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await send(alice, design.id, 'sse one');
    await waitFor(() => sseEvents(first).some((e) => e.data.content === 'sse one'));
    const lastId = sseEvents(first).at(-1)!.id!;
    first.close();
    // posted while the bot is away
    await send(bob, design.id, 'sse two (missed)');
    await send(alice, design.id, 'sse three (missed)');
    const resumed = await open(`/stream/flows?filter=${design.id}&accept=text/event-stream`, {
      'last-event-id': lastId,
    });
    await send(alice, design.id, 'sse four (live)');
    await waitFor(() => sseEvents(resumed).some((e) => e.data.content === 'sse four (live)'));
    const contents = sseEvents(resumed).map((e) => e.data.content);
    expect(contents).toEqual(['sse two (missed)', 'sse three (missed)', 'sse four (live)']);
    // and the history the REST API returns holds the same messages
    const history = await api(ts.url, `/flows/acme/design/messages?limit=3`, { auth: basicAuth(bobToken) });
    expect(history.body.map((m: { content: string }) => m.content)).toEqual(contents);
  });

  it('ends the stream when its token is revoked, and when the user leaves the flow', async () => {
    const { apiToken, secret } = await ok(carol, 'apitoken:create', { name: 'leaving' });
    const revoked = await openApiStream(ts.url, '/stream/flows?filter=acme/acme', { authorization: basicAuth(secret) });
    streams.push(revoked);
    expect(revoked.status).toBe(200);
    await ok(carol, 'apitoken:revoke', { apiTokenId: apiToken.id });
    await waitFor(() => revoked.ended());
    const member = await open('/stream/flows?filter=acme/design');
    await ts.server.admin.removeMember({ email: 'bob@acme.test', team: 'design' });
    await waitFor(() => member.ended());
    await ts.server.admin.addMember({ email: 'bob@acme.test', team: 'design' });
  });
});

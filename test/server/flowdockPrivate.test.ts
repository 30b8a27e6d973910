// The Flowdock-compatible private conversations (docs/flowdock-api.md, "Private conversations"):
// `/private` and `/private/:user_id/messages` on Tributary's 1:1 direct conversations. Status codes,
// shapes, authorization as on the socket (participants only, other organizations 404), bad input,
// live delivery to the recipient's sockets, and the stream's `user=1`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Stream, User } from '../../shared/protocol/index';
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
  collect,
  loginAndConnect,
  ok,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

interface Person {
  socket: ClientSocket;
  user: User;
  token: string;
  auth: string;
}
let ts: TestServer;
let alice: Person, bob: Person, carol: Person, dave: Person, zed: Person;
const streams: ApiStream[] = [];

async function person(email: string, password?: string): Promise<Person> {
  const { socket, user } = await loginAndConnect(ts.url, email, password);
  const token = await createApiToken(socket);
  return { socket, user, token, auth: basicAuth(token) };
}

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  await ts.server.admin.createOrg('Globex');
  await ts.server.admin.addUser({
    org: 'Globex',
    email: 'zed@globex.test',
    name: 'Zed Zimmer',
    password: 'globex-password',
  });
  [alice, bob, carol, dave] = [
    await person('alice@acme.test'),
    await person('bob@acme.test'),
    await person('carol@acme.test'),
    await person('dave@acme.test'),
  ];
  zed = await person('zed@globex.test', 'globex-password');
});
afterAll(async () => {
  for (const s of streams) s.close();
  for (const p of [alice, bob, carol, dave, zed]) p?.socket.close();
  await ts.close();
});

const post = (from: Person, to: string, json: unknown) =>
  api(ts.url, `/private/${to}/messages`, { method: 'POST', auth: from.auth, json });

describe('private conversations (GET /private, GET and PUT /private/:id)', () => {
  it('shows a conversation not opened yet as not open, without creating it', async () => {
    const answer = await api(ts.url, `/private/${dave.user.id}`, { auth: carol.auth });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('flowdock-user')).toBe(carol.user.id);
    expect(answer.body).toMatchObject({
      id: dave.user.id,
      name: '@dave',
      open: false,
      activity: { inbox: false, mentions: 0, chat: false },
    });
    expect(answer.body.url).toMatch(new RegExp(`/private/${dave.user.id}$`));
    expect(answer.body.users.map((u: { id: string }) => u.id)).toEqual([carol.user.id, dave.user.id]);
    const listed = await api(ts.url, '/private', { auth: carol.auth });
    expect(listed.status).toBe(200);
    expect(listed.body.map((c: { id: string }) => c.id)).not.toContain(dave.user.id);
    expect((await api(ts.url, `/private/${dave.user.id}/messages`, { auth: carol.auth })).body).toEqual([]);
    expect((await api(ts.url, `/private/${dave.user.id}/messages/1`, { auth: carol.auth })).status).toBe(404);
  });

  it('PUT open=true opens it (the other person’s apps learn of it); open=false changes nothing', async () => {
    const daveAdded = collect<{ stream: Stream }>(dave.socket, 'stream:added');
    const opened = await api(ts.url, `/private/${dave.user.id}`, {
      method: 'PUT',
      auth: carol.auth,
      json: { open: true },
    });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ id: dave.user.id, open: true });
    await waitFor(() => daveAdded.some((a) => a.stream.kind === 'direct' && a.stream.name === 'Carol Chen'));
    const closed = await api(ts.url, `/private/${dave.user.id}`, {
      method: 'PUT',
      auth: carol.auth,
      form: { open: 'false' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.open).toBe(true);
    const listed = await api(ts.url, '/private', { auth: carol.auth });
    expect(listed.body.find((c: { id: string }) => c.id === dave.user.id)).toMatchObject({ open: true, name: '@dave' });
    const bad = await api(ts.url, `/private/${dave.user.id}`, {
      method: 'PUT',
      auth: carol.auth,
      json: { open: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('open');
  });

  it('lists only 1:1 conversations (a group conversation has no Flowdock equivalent)', async () => {
    await ok(carol.socket, 'dm:open', { userIds: [alice.user.id, bob.user.id] });
    const listed = await api(ts.url, '/private', { auth: carol.auth });
    for (const conversation of listed.body) expect(conversation.users).toHaveLength(2);
  });
});

describe('private messages (/private/:user_id/messages)', () => {
  it('POST opens the conversation, answers the message and delivers it live to the recipient', async () => {
    const bobAdded = collect<{ stream: Stream }>(bob.socket, 'stream:added');
    const bobEvents = collect<{ type: string; message: { body: string; seq: number } }>(bob.socket, 'event');
    const uuid = uuidv7();
    const sent = await post(alice, bob.user.id, { event: 'message', content: 'Secret message', uuid });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      event: 'message',
      app: 'chat',
      content: 'Secret message',
      user: alice.user.id,
      to: bob.user.id,
      uuid,
      tags: [],
      attachments: [],
    });
    expect(sent.body.id).toEqual(expect.any(Number));
    expect(sent.body.sent).toEqual(expect.any(Number));
    expect(sent.body).not.toHaveProperty('flow');
    await waitFor(() => bobAdded.some((a) => a.stream.kind === 'direct' && a.stream.name === 'Alice Archer'));
    await waitFor(() => bobEvents.some((e) => e.message?.body === 'Secret message'));
    // a resend with the same uuid stores nothing new
    const again = await post(alice, bob.user.id, { event: 'message', content: 'Secret message', uuid });
    expect(again.body.id).toBe(sent.body.id);
    // the recipient reads it through their own conversation with the sender
    const read = await api(ts.url, `/private/${alice.user.id}/messages`, { auth: bob.auth });
    expect(read.status).toBe(200);
    expect(read.body).toEqual([expect.objectContaining({ id: sent.body.id, user: alice.user.id, to: bob.user.id })]);
    const one = await api(ts.url, `/private/${alice.user.id}/messages/${sent.body.id}`, { auth: bob.auth });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ content: 'Secret message', to: bob.user.id });
    const conversation = await api(ts.url, `/private/${alice.user.id}`, { auth: bob.auth });
    expect(conversation.body).toMatchObject({ open: true, name: '@alice' });
  });

  it('pages with limit, sort, since_id and until_id, filters by event and search, always oldest first', async () => {
    const ids: number[] = [];
    for (const content of ['page one', 'page two', 'page three #deploy'])
      ids.push((await post(bob, alice.user.id, { event: 'message', content })).body.id);
    const list = (query: string) =>
      api(ts.url, `/private/${bob.user.id}/messages${query}`, { auth: alice.auth }).then((a) =>
        a.body.map((m: { content: string }) => m.content),
      );
    expect(await list('?limit=2')).toEqual(['page two', 'page three #deploy']);
    expect(await list('?limit=2&sort=asc')).toEqual(['Secret message', 'page one']);
    expect(await list(`?since_id=${ids[0]}`)).toEqual(['page two', 'page three #deploy']);
    expect(await list(`?until_id=${ids[1]}&sort=asc`)).toEqual(['Secret message', 'page one']);
    expect(await list('?search=TWO')).toEqual(['page two']);
    expect(await list('?tags=deploy')).toEqual(['page three #deploy']);
    expect(await list('?event=comment')).toEqual([]);
    expect(await list('?event=message&limit=1')).toEqual(['page three #deploy']);
    const tooMany = await api(ts.url, `/private/${bob.user.id}/messages?limit=500`, { auth: alice.auth });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.field).toBe('limit');
    const badId = await api(ts.url, `/private/${bob.user.id}/messages/abc`, { auth: alice.auth });
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toBe('id');
    expect((await api(ts.url, `/private/${bob.user.id}/messages/999999`, { auth: alice.auth })).status).toBe(404);
  });

  it('takes a form, and tags apart from the content, as a flow post does', async () => {
    const sent = await api(ts.url, `/private/${bob.user.id}/messages`, {
      method: 'POST',
      auth: alice.auth,
      form: { event: 'message', content: 'As a form', tags: 'release' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.content).toBe('As a form\n\n#release');
    expect(sent.body.tags).toEqual(['release']);
  });

  it('refuses bad input with 400 naming the field, 415 and 400 for unreadable bodies', async () => {
    const field = async (json: unknown) => {
      const answer = await post(alice, bob.user.id, json);
      expect(answer.status).toBe(400);
      return answer.body.error.field as string;
    };
    expect(await field({ event: 'status', content: 'away' })).toBe('event');
    expect(await field({ event: 'message' })).toBe('content');
    expect(await field({ event: 'message', content: '   ' })).toBe('content');
    expect(await field({ event: 'message', content: 'x', tags: [5] })).toBe('tags');
    expect(await field({ content: 'no event' })).toBe('event');
    const plain = await api(ts.url, `/private/${bob.user.id}/messages`, {
      method: 'POST',
      auth: alice.auth,
      raw: { type: 'text/plain', text: 'hello' },
    });
    expect(plain.status).toBe(415);
    const broken = await api(ts.url, `/private/${bob.user.id}/messages`, {
      method: 'POST',
      auth: alice.auth,
      raw: { type: 'application/json', text: '{"event":' },
    });
    expect(broken.status).toBe(400);
  });

  it('answers only participants: the caller themself 400, another organization or nobody 404, no credentials 401', async () => {
    // Carol names Bob: that is Carol's conversation with Bob, which holds none of Alice's messages
    const carols = await api(ts.url, `/private/${bob.user.id}/messages`, { auth: carol.auth });
    expect(carols.status).toBe(200);
    expect(carols.body).toEqual([]);
    const self = await api(ts.url, `/private/${alice.user.id}/messages`, { auth: alice.auth });
    expect(self.status).toBe(400);
    expect(self.body.error.field).toBe('user_id');
    for (const path of [
      `/private/${zed.user.id}`,
      `/private/${zed.user.id}/messages`,
      `/private/${uuidv7()}/messages`,
      '/private/not-an-id/messages/1',
    ])
      expect([path, (await api(ts.url, path, { auth: alice.auth })).status]).toEqual([path, 404]);
    const fromZed = await post(zed, alice.user.id, { event: 'message', content: 'hello from Globex' });
    expect(fromZed.status).toBe(404);
    expect(fromZed.body.error.field).toBe('user_id');
    expect((await api(ts.url, `/private/${alice.user.id}`, { auth: zed.auth })).status).toBe(404);
    expect((await api(ts.url, '/private')).status).toBe(401);
    expect((await api(ts.url, `/private/${bob.user.id}/messages`, { auth: basicAuth('f'.repeat(40)) })).status).toBe(
      401,
    );
    expect((await api(ts.url, '/private', { method: 'POST', auth: alice.auth })).status).toBe(405);
  });

  it('refuses a new conversation with a deactivated person (403), as dm:open does', async () => {
    await ts.server.admin.addUser({
      org: 'Acme',
      email: 'gone@acme.test',
      name: 'Gone Away',
      password: 'gone-password-1',
    });
    const gone = await loginAndConnect(ts.url, 'gone@acme.test', 'gone-password-1');
    gone.socket.close();
    await ts.server.admin.deactivateUser({ email: 'gone@acme.test' });
    const answer = await post(alice, gone.user.id, { event: 'message', content: 'anyone there?' });
    expect(answer.status).toBe(403);
    expect(answer.body.error.field).toBe('user_id');
  });
});

describe('GET /stream/flows?user=1', () => {
  async function open(who: Person, path: string): Promise<ApiStream> {
    const stream = await openApiStream(ts.url, path, { authorization: who.auth });
    streams.push(stream);
    return stream;
  }

  it('streams the caller’s private messages, in conversations opened before and after it connected', async () => {
    const stream = await open(bob, '/stream/flows?user=1');
    expect(stream.status).toBe(200);
    const flowsOnly = await open(bob, '/stream/flows?filter=acme/acme');
    const sent = await post(alice, bob.user.id, { event: 'message', content: 'streamed privately' });
    await waitFor(() => jsonLines(stream).some((m) => m.content === 'streamed privately'), 1000);
    const line = jsonLines(stream).find((m) => m.content === 'streamed privately')!;
    expect(line).toMatchObject({ event: 'message', id: sent.body.id, user: alice.user.id, to: bob.user.id });
    expect(line).not.toHaveProperty('flow');
    // a conversation Dave opens now, from the desktop app
    const { stream: dm } = await ok(dave.socket, 'dm:open', { userIds: [bob.user.id] });
    const daves = await ok(dave.socket, 'message:send', { streamId: dm.id, clientId: uuidv7(), body: 'new chat' });
    await waitFor(() => jsonLines(stream).some((m) => m.content === 'new chat'), 1000);
    await ok(dave.socket, 'message:edit', { messageId: daves.message.id, body: 'new chat, edited' });
    await waitFor(() => jsonLines(stream).some((m) => m.event === 'message-edit'));
    expect(jsonLines(stream).find((m) => m.event === 'message-edit')).toMatchObject({
      content: { message: daves.message.seq, updated_content: 'new chat, edited' },
      user: dave.user.id,
      to: bob.user.id,
    });
    // a stream of flows alone hears none of it: a flow message posted after them arrives first
    await ok(alice.socket, 'message:send', {
      streamId: (await ok(alice.socket, 'hello', {})).streams.find((s) => s.kind === 'org')!.id,
      clientId: uuidv7(),
      body: 'org-wide sentinel',
    });
    await waitFor(() => jsonLines(flowsOnly).some((m) => m.content === 'org-wide sentinel'));
    expect(jsonLines(flowsOnly).map((m) => m.content)).toEqual(['org-wide sentinel']);
  });

  it('resumes private messages too from an event stream’s Last-Event-ID, losing nothing', async () => {
    const first = await open(carol, '/stream/flows?user=1&accept=text/event-stream');
    await post(dave, carol.user.id, { event: 'message', content: 'resume one' });
    await waitFor(() => sseEvents(first).some((e) => e.data.content === 'resume one'));
    const lastId = sseEvents(first).at(-1)!.id!;
    first.close();
    await post(dave, carol.user.id, { event: 'message', content: 'resume two (missed)' });
    const resumed = await openApiStream(ts.url, '/stream/flows?user=1', {
      authorization: carol.auth,
      accept: 'text/event-stream',
      'last-event-id': lastId,
    });
    streams.push(resumed);
    await post(dave, carol.user.id, { event: 'message', content: 'resume three (live)' });
    await waitFor(() => sseEvents(resumed).some((e) => e.data.content === 'resume three (live)'));
    expect(sseEvents(resumed).map((e) => e.data.content)).toEqual(['resume two (missed)', 'resume three (live)']);
  });
});

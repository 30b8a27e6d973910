// Direct messages on the server: opening (idempotent per set of people), limits, live delivery,
// mentions and speech rules inside, promotion refused, deactivated participants, the Flowdock API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Stream, User } from '../../shared/protocol/index';
import { api, basicAuth } from '../helpers/flowdock';
import {
  afterSentinel,
  collect,
  DEMO_PASSWORD,
  loginAndConnect,
  ok,
  request,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

interface Person {
  socket: ClientSocket;
  user: User;
}
let ts: TestServer;
let alice: Person, bob: Person, carol: Person, dave: Person;

beforeAll(async () => {
  ts = await startTestServer();
  const connect = (name: string) => loginAndConnect(ts.url, `${name}@acme.test`);
  [alice, bob, carol, dave] = [
    await connect('alice'),
    await connect('bob'),
    await connect('carol'),
    await connect('dave'),
  ];
});
afterAll(async () => {
  for (const p of [alice, bob, carol, dave]) p.socket.close();
  await ts.close();
});
const open = (who: ClientSocket, ...users: User[]) => ok(who, 'dm:open', { userIds: users.map((u) => u.id) });

describe('dm:open', () => {
  it('creates a conversation once and returns the same one to either side, whoever opens it', async () => {
    const first = await open(alice.socket, bob.user);
    expect(first.created).toBe(true);
    expect(first.stream).toMatchObject({ kind: 'direct', teamId: null, role: null, name: 'Bob Baker', headSeq: 0 });
    expect(first.stream.participants!.map((p) => p.id).sort()).toEqual([alice.user.id, bob.user.id].sort());
    const again = await open(bob.socket, alice.user);
    expect(again).toMatchObject({ created: false, stream: { id: first.stream.id, name: 'Alice Archer' } });
    // naming myself too, or someone twice, is the same set of people
    const same = await ok(alice.socket, 'dm:open', { userIds: [bob.user.id, alice.user.id, bob.user.id] });
    expect(same).toMatchObject({ created: false, stream: { id: first.stream.id } });
    // a group of three is another conversation
    const group = await open(alice.socket, bob.user, carol.user);
    expect(group.created).toBe(true);
    expect(group.stream.id).not.toBe(first.stream.id);
    expect(group.stream.name).toBe('Bob Baker, Carol Chen');
  });

  it('settles two people opening the same new conversation at the same moment on one stream', async () => {
    const [fromDave, fromCarol] = await Promise.all([open(dave.socket, carol.user), open(carol.socket, dave.user)]);
    expect(fromDave.stream.id).toBe(fromCarol.stream.id);
    expect([fromDave.created, fromCarol.created].sort()).toEqual([false, true]);
    const ids = (await ok(dave.socket, 'hello', {})).streams.filter((s) => s.kind === 'direct').map((s) => s.id);
    expect(ids.filter((id) => id === fromDave.stream.id)).toHaveLength(1);
  });

  it('tells every participant at once and delivers its messages live, to participants only', async () => {
    const bobAdded = collect<{ stream: Stream }>(bob.socket, 'stream:added');
    const daveAdded = collect<{ stream: Stream }>(dave.socket, 'stream:added');
    const daveEvents = collect<{ streamId: string }>(dave.socket, 'event');
    const { stream } = await open(carol.socket, bob.user);
    await waitFor(() => bobAdded.some((a) => a.stream.id === stream.id));
    expect(bobAdded.find((a) => a.stream.id === stream.id)!.stream.name).toBe('Carol Chen');
    const bobEvents = collect<{ streamId: string; message: { body: string } }>(bob.socket, 'event');
    await ok(carol.socket, 'message:send', { streamId: stream.id, clientId: uuidv7(), body: 'psst' });
    await waitFor(() => bobEvents.some((e) => e.streamId === stream.id && e.message.body === 'psst'));
    const hello = await ok(bob.socket, 'hello', {});
    expect(hello.streams.find((s) => s.id === stream.id)).toMatchObject({ unread: 1, kind: 'direct' });
    // dave saw nothing: a later push to him (a new DM of his own) arrives after anything that could have
    await afterSentinel<{ stream: Stream }>(
      dave.socket,
      'stream:added',
      (a) => a.stream.participants?.some((p) => p.id === alice.user.id) === true,
      () => open(alice.socket, dave.user),
    );
    expect(daveAdded.filter((a) => a.stream.id === stream.id)).toEqual([]);
    expect(daveEvents.filter((e) => e.streamId === stream.id)).toEqual([]);
  });

  it('refuses nobody else, ten people, strangers and another organization, naming the field', async () => {
    expect(await request(alice.socket, 'dm:open', { userIds: [alice.user.id] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'userIds' },
    });
    const extra: User[] = [];
    for (let i = 0; i < 6; i++)
      extra.push(
        await ts.server.admin.addUser({
          org: 'Acme',
          email: `p${i}@acme.test`,
          name: `Person ${i}`,
          password: 'pw-long-enough-1',
        }),
      );
    const nine = [bob.user, carol.user, dave.user, ...extra.slice(0, 5)];
    // nine people with me: allowed
    expect((await open(alice.socket, ...nine)).stream.participants).toHaveLength(9);
    // ten people with me: refused, whether or not I name myself
    const ten = await request(alice.socket, 'dm:open', { userIds: [...nine, extra[5]!].map((u) => u.id) });
    expect(ten).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'userIds' } });
    const tenWithMe = [alice.user, ...nine, extra[5]!].map((u) => u.id);
    expect(await request(alice.socket, 'dm:open', { userIds: tenWithMe })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'userIds' },
    });
    expect(await request(alice.socket, 'dm:open', { userIds: [uuidv7()] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'userIds' },
    });
    await ts.server.admin.createOrg('Globex');
    const zed = await ts.server.admin.addUser({
      org: 'Globex',
      email: 'zed@globex.test',
      name: 'Zed',
      password: 'pw-long-enough-1',
    });
    expect(await request(alice.socket, 'dm:open', { userIds: [zed.id] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'userIds' },
    });
  });
});

describe('inside a direct conversation', () => {
  it('reads @all and team handles as plain text and notifies a mentioned participant only', async () => {
    await ts.server.admin.setSpeechPolicy({ org: 'Acme', patch: { teamStreamMentions: 'curators' } });
    const { stream } = await open(bob.socket, carol.user);
    const carolNotes = collect<{ messageId: string }>(carol.socket, 'notification');
    const all = await ok(bob.socket, 'message:send', {
      streamId: stream.id,
      clientId: uuidv7(),
      body: '@all and @design and @engineering, have a look',
    });
    expect(all.message.mentions).toEqual([]);
    // alice is no participant: her handle notifies nobody; carol's does
    const named = await ok(bob.socket, 'message:send', {
      streamId: stream.id,
      clientId: uuidv7(),
      body: '@alice @carol look',
    });
    expect(named.message.mentions).toEqual([carol.user.id]);
    await waitFor(() => carolNotes.some((n) => JSON.stringify(n).includes(named.message.id)));
    expect(carolNotes.some((n) => JSON.stringify(n).includes(all.message.id))).toBe(false);
  });

  it('is never promotable: propose is FORBIDDEN and permissions say so', async () => {
    const { stream } = await open(alice.socket, bob.user);
    const { message } = await ok(alice.socket, 'message:send', {
      streamId: stream.id,
      clientId: uuidv7(),
      body: 'mine',
    });
    expect(
      await request(alice.socket, 'promotion:propose', { messageId: message.id, clientId: uuidv7() }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const { permissions } = await ok(alice.socket, 'promotion:permissions', { messageIds: [message.id] });
    expect(permissions).toEqual([{ messageId: message.id, propose: false, unpublish: false }]);
  });

  it('keeps a deactivated participant listed; a new conversation with them is refused', async () => {
    const erin = await ts.server.admin.addUser({
      org: 'Acme',
      email: 'erin@acme.test',
      name: 'Erin Evans',
      password: 'pw-long-enough-1',
    });
    const { stream } = await open(alice.socket, erin);
    await ts.server.admin.deactivateUser({ email: 'erin@acme.test' });
    const again = await open(alice.socket, erin);
    expect(again).toMatchObject({ created: false, stream: { id: stream.id, name: 'Erin Evans' } });
    expect((await ok(alice.socket, 'hello', {})).streams.find((s) => s.id === stream.id)?.participants).toHaveLength(2);
    expect(await request(alice.socket, 'dm:open', { userIds: [erin.id, bob.user.id] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', field: 'userIds' },
    });
  });

  it('is no flow of the Flowdock API: not listed, not readable by id', async () => {
    const { stream } = await open(alice.socket, bob.user);
    const auth = basicAuth('alice@acme.test', DEMO_PASSWORD);
    const flows = await api(ts.url, '/flows', { auth });
    expect(flows.status).toBe(200);
    const ids = (flows.body as Array<{ id: string }>).map((f) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(stream.id);
    const byId = await api(ts.url, `/flows/find?id=${stream.id}`, { auth });
    expect(byId.status).toBe(404);
  });
});

// Presence and typing on the real server (both engines): who is online in a stream reaches only its
// readers, an opted-out user is never reported online, typing is relayed to the stream's other
// readers only, never stored, and rate limited; a node that stops vouching for its sockets lets them
// expire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceChanged, Stream, TypingChanged } from '../../shared/protocol/index';
import {
  afterSentinel,
  collect,
  loginAndConnect,
  ok,
  rawSql,
  request,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';
import { collectTyping, names } from './typingPushes';

let ts: TestServer;
const open: ClientSocket[] = [];
let design: Stream;
let acme: Stream;
const ids: Record<string, string> = {};

/** A new socket of a demo user (alice → alice@acme.test); closed after the file. */
async function connectAs(name: string): Promise<ClientSocket> {
  const { socket, user } = await loginAndConnect(ts.url, `${name}@acme.test`);
  ids[name] = user.id;
  open.push(socket);
  return socket;
}

/** Resolves once the server has recorded `count` connected sockets of the user (all nodes). */
async function socketsRecorded(name: string, count: number): Promise<void> {
  const until = Date.now() + 5000;
  for (;;) {
    const row = await rawSql(ts, (sql) =>
      sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM presence_connections WHERE user_id = ?', [ids[name]!]),
    );
    if (Number(row?.n) === count) return;
    if (Date.now() > until) throw new Error(`${name} never had ${count} sockets recorded`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const onlineIn = (pushes: PresenceChanged[], streamId: string, userId: string) =>
  pushes.some((p) => p.streamId === streamId && p.online.includes(userId));
const offlineIn = (pushes: PresenceChanged[], streamId: string, userId: string) =>
  pushes.some((p) => p.streamId === streamId && p.offline.includes(userId));

beforeAll(async () => {
  ts = await startTestServer({
    rateLimit: { perSecond: 1000, burst: 1000 },
    presence: { flushMs: 30, heartbeatMs: 100, ttlMs: 60_000 },
  });
});
afterAll(async () => {
  for (const socket of open) socket.close();
  await ts.close();
});

describe('presence', () => {
  let bob: ClientSocket;
  let carol: ClientSocket;
  let alice: ClientSocket;

  it('tells a stream’s readers who came online, and lists them; others learn nothing of it', async () => {
    bob = await connectAs('bob');
    carol = await connectAs('carol');
    design = (await ok(bob, 'hello', {})).streams.find((s) => s.name === 'Design')!;
    acme = (await ok(bob, 'hello', {})).streams.find((s) => s.kind === 'org')!;
    const bobSees = collect<PresenceChanged>(bob, 'presence:changed');
    const carolSees = collect<PresenceChanged>(carol, 'presence:changed');

    alice = await connectAs('alice');
    await waitFor(() => onlineIn(bobSees, design.id, ids.alice!));
    // carol reads the org stream only: its push is her sentinel (Design's goes out first, in the same flush)
    await waitFor(() => onlineIn(carolSees, acme.id, ids.alice!));
    expect(carolSees.some((p) => p.streamId === design.id)).toBe(false);

    const listed = await ok(bob, 'presence:list', { streamId: design.id });
    expect(listed.online).toEqual(expect.arrayContaining([ids.alice, ids.bob]));
    expect(listed.online).not.toContain(ids.carol); // online, but not a reader of Design
    expect((await ok(carol, 'presence:list', { streamId: acme.id })).online).toEqual(
      expect.arrayContaining([ids.alice, ids.bob, ids.carol]),
    );
    expect(await request(carol, 'presence:list', { streamId: design.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('never reports an opted-out user online, on any device, until they opt back in', async () => {
    const bobSees = collect<PresenceChanged>(bob, 'presence:changed');
    expect(await ok(alice, 'presence:get', {})).toEqual({ ok: true, visible: true });
    await ok(alice, 'presence:set', { visible: false });
    await waitFor(() => offlineIn(bobSees, design.id, ids.alice!) && offlineIn(bobSees, acme.id, ids.alice!));
    expect((await ok(bob, 'presence:list', { streamId: design.id })).online).not.toContain(ids.alice);
    const afterOptOut = bobSees.length;

    // her second device agrees, and connecting it reports nothing, not even "offline" (its timing would
    // tell when she is around): carol's later connect is the sentinel
    const aliceLaptop = await connectAs('alice');
    expect(await ok(aliceLaptop, 'presence:get', {})).toMatchObject({ visible: false });
    await socketsRecorded('alice', 2);
    const carolAgain = await connectAs('carol');
    await socketsRecorded('carol', 2);
    carolAgain.close();
    await waitFor(() => offlineIn(bobSees, acme.id, ids.carol!) || onlineIn(bobSees, acme.id, ids.carol!));
    expect(bobSees.some((p) => p.online.includes(ids.alice!))).toBe(false);
    expect(bobSees.slice(afterOptOut).some((p) => p.offline.includes(ids.alice!))).toBe(false);
    expect((await ok(carol, 'presence:list', { streamId: acme.id })).online).not.toContain(ids.alice);

    await ok(aliceLaptop, 'presence:set', { visible: true });
    await waitFor(() => onlineIn(bobSees, design.id, ids.alice!));
    aliceLaptop.close();
  });

  it('reports a user offline once their last socket has gone', async () => {
    const bobSees = collect<PresenceChanged>(bob, 'presence:changed');
    alice.close();
    await waitFor(() => offlineIn(bobSees, design.id, ids.alice!));
    await socketsRecorded('alice', 0);
    expect((await ok(bob, 'presence:list', { streamId: design.id })).online).toEqual([ids.bob]);
  });

  it('forgets the sockets of a node that stopped vouching for them, and says so', async () => {
    const bobSees = collect<PresenceChanged>(bob, 'presence:changed');
    // a node that died: its row for alice is never renewed by any heartbeat
    await rawSql(ts, (sql) =>
      sql.run('INSERT INTO presence_connections (socket_id, user_id, node_id, expires_at) VALUES (?, ?, ?, ?)', [
        'dead-node-socket',
        ids.alice!,
        'dead-node',
        Date.now() + 300,
      ]),
    );
    expect((await ok(bob, 'presence:list', { streamId: design.id })).online).toContain(ids.alice);
    await waitFor(() => offlineIn(bobSees, design.id, ids.alice!));
    await socketsRecorded('alice', 0);
    expect((await ok(bob, 'presence:list', { streamId: design.id })).online).not.toContain(ids.alice);
  });
});

describe('typing', () => {
  it('is relayed to the stream’s other readers only, never to the typist’s own sockets, and never stored', async () => {
    const [alice, alicePhone, bob, carol] = await Promise.all(['alice', 'alice', 'bob', 'carol'].map(connectAs));
    const bobSees = collectTyping(bob!);
    const carolSees = collectTyping(carol!);
    const phoneSees = collectTyping(alicePhone!);
    const rows = () =>
      rawSql(ts, (sql) =>
        sql.get<{ events: number; messages: number }>(
          'SELECT (SELECT COUNT(*) FROM stream_events) AS events, (SELECT COUNT(*) FROM messages) AS messages',
        ),
      );
    const before = await rows();

    await ok(alice!, 'typing:signal', { streamId: design.id, typing: true });
    await waitFor(() => bobSees.some((t) => t.streamId === design.id && t.userId === ids.alice && t.typing));
    // carol's sentinel: alice typing in the org stream, emitted after Design's
    await afterSentinel<TypingChanged>(
      carol!,
      'typing:changed',
      (t) => t.streamId === acme.id,
      () => ok(alice!, 'typing:signal', { streamId: acme.id, typing: true }),
    );
    expect(carolSees.filter((t) => t.streamId === design.id)).toEqual([]);
    // alice's other device's sentinel: bob typing in Design
    await afterSentinel<TypingChanged>(
      alicePhone!,
      'typing:changed',
      (t) => names(t, ids.bob),
      () => ok(bob!, 'typing:signal', { streamId: design.id, typing: true }),
    );
    expect(phoneSees.filter((t) => t.userId === ids.alice)).toEqual([]);

    await ok(alice!, 'typing:signal', { streamId: design.id, typing: false });
    await waitFor(() => bobSees.some((t) => t.userId === ids.alice && !t.typing));
    expect(await rows()).toEqual(before);
    expect((await ok(bob!, 'hello', {})).streams.find((s) => s.id === design.id)!.headSeq).toBe(design.headSeq);
  });

  it('refuses a stream the typist does not read', async () => {
    const carol = await connectAs('carol');
    expect(await request(carol, 'typing:signal', { streamId: design.id, typing: true })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('is rate limited per user, without dropping the connection', async () => {
    const dave = await connectAs('dave');
    const acks = await Promise.all(
      Array.from({ length: 12 }, () => request(dave, 'typing:signal', { streamId: acme.id, typing: true })),
    );
    const codes = acks.map((a) => (a.ok ? 'OK' : a.error.code));
    expect(codes.filter((c) => c === 'OK').length).toBeGreaterThanOrEqual(6);
    expect(codes.filter((c) => c === 'OK').length).toBeLessThan(9);
    expect(codes).toContain('RATE_LIMITED');
    expect(dave.connected).toBe(true);
    expect((await request(dave, 'hello', {})).ok).toBe(true);
  });
});

describe('direct conversations', () => {
  it('show their participants each other’s presence and typing, and nobody else', async () => {
    const alice = await connectAs('alice');
    const carol = await connectAs('carol');
    const dave = await connectAs('dave');
    const { stream: dm } = await ok(alice, 'dm:open', { userIds: [ids.carol!] });
    const carolPresence = collect<PresenceChanged>(carol, 'presence:changed');
    const carolTyping = collectTyping(carol);

    expect((await ok(carol, 'presence:list', { streamId: dm.id })).online).toEqual(
      expect.arrayContaining([ids.alice, ids.carol]),
    );
    expect(await request(dave, 'presence:list', { streamId: dm.id })).toMatchObject({ ok: false });
    expect(await request(dave, 'typing:signal', { streamId: dm.id, typing: true })).toMatchObject({ ok: false });

    await ok(alice, 'typing:signal', { streamId: dm.id, typing: true });
    await waitFor(() => carolTyping.some((t) => t.streamId === dm.id && t.userId === ids.alice && t.typing));

    // another socket of alice's comes and goes: the conversation hears it like a team stream
    const again = await connectAs('alice');
    again.close();
    await waitFor(() => carolPresence.some((p) => p.streamId === dm.id && p.online.includes(ids.alice!)));
  });
});

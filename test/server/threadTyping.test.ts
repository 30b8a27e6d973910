// "Is typing" in a thread on the real server (both engines): a signal with the thread's root id is
// relayed with it to the stream's other readers only, never stored, and a malformed root id answers
// INVALID naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stream, TypingChanged } from '../../shared/protocol/index';
import {
  afterSentinel,
  loginAndConnect,
  ok,
  rawSql,
  request,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';
import { collectTyping } from './typingPushes';

let ts: TestServer;
const sockets: Record<'alice' | 'bob' | 'carol', ClientSocket> = {} as never;
const ids: Record<string, string> = {};
let design: Stream;
let acme: Stream;
let rootId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 1000, burst: 1000 } });
  for (const name of ['alice', 'bob', 'carol'] as const) {
    const { socket, user } = await loginAndConnect(ts.url, `${name}@acme.test`);
    sockets[name] = socket;
    ids[name] = user.id;
  }
  const { streams } = await ok(sockets.alice, 'hello', {});
  design = streams.find((s) => s.name === 'Design')!;
  acme = streams.find((s) => s.kind === 'org')!;
  await ok(sockets.bob, 'hello', {});
  await ok(sockets.carol, 'hello', {});
  rootId = (
    await ok(sockets.alice, 'message:send', { streamId: design.id, clientId: crypto.randomUUID(), body: 'root' })
  ).message.id;
});
afterAll(async () => {
  for (const socket of Object.values(sockets)) socket?.close();
  await ts?.close();
});

describe('typing in a thread', () => {
  it('relays the thread’s root id to the stream’s other readers, and stores nothing', async () => {
    const bobSees = collectTyping(sockets.bob);
    const carolSees = collectTyping(sockets.carol);
    const counts = () =>
      rawSql(ts, (sql) =>
        sql.get<{ events: number; messages: number }>(
          'SELECT (SELECT COUNT(*) FROM stream_events) AS events, (SELECT COUNT(*) FROM messages) AS messages',
        ),
      );
    const before = await counts();

    await ok(sockets.alice, 'typing:signal', { streamId: design.id, typing: true, threadRootId: rootId });
    await waitFor(() => bobSees.length > 0);
    expect(bobSees[0]).toEqual({ streamId: design.id, userId: ids.alice, typing: true, threadRootId: rootId });
    // a signal in the stream itself carries no root id
    await ok(sockets.alice, 'typing:signal', { streamId: design.id, typing: false });
    await waitFor(() => bobSees.length > 1);
    expect(bobSees[1]).toEqual({ streamId: design.id, userId: ids.alice, typing: false });

    // carol does not read Design: alice typing in Acme's thread is her sentinel
    await afterSentinel<TypingChanged>(
      sockets.carol,
      'typing:changed',
      (t) => t.streamId === acme.id,
      () => ok(sockets.alice, 'typing:signal', { streamId: acme.id, typing: true, threadRootId: rootId }),
    );
    expect(carolSees.filter((t) => t.streamId === design.id)).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('answers INVALID naming threadRootId when it is not an id', async () => {
    const answer = await request(sockets.alice, 'typing:signal', {
      streamId: design.id,
      typing: true,
      threadRootId: 'not-an-id',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'threadRootId' } });
  });
});

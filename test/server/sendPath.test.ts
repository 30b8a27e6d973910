// The message:send hot path after the performance work: cached statements, a message built without
// reading it back, mentions resolved only when the body mentions someone, and catch-up requests on
// their own rate budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Stream } from '../../shared/protocol/index';
import {
  loginAndConnect,
  ok,
  readStore,
  request,
  startTestServer,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket;
let design: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 100_000, burst: 100_000 } });
  alice = (await loginAndConnect(ts.url, 'alice@acme.test')).socket;
  design = (await ok(alice, 'hello', {})).streams.find((s) => s.name === 'Design')!;
});
afterAll(async () => {
  alice.close();
  await ts.close();
});

describe('message:send', () => {
  it('acks exactly the message that was stored', async () => {
    for (const body of ['no mentions here', 'hey @bob, see #launch', '@all standup in 5']) {
      const { message } = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body });
      expect(message).toEqual(await readStore(ts, (tx) => tx.messages.get(message.id)));
    }
  });

  it('mentions only readers, and nobody for a body without @', async () => {
    const plain = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'plain text' });
    expect(plain.message.mentions).toEqual([]);
    const all = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: '@all hello' });
    expect(all.message.mentions.length).toBeGreaterThan(0);
    expect(all.message.mentions).not.toContain(plain.message.authorId);
    // dave is in Engineering only: mentioning him in Design must not notify him
    const dave = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'cc @dave' });
    expect(dave.message.mentions).toEqual([]);
  });
});

describe('catch-up rate budget', () => {
  it('serves sync pages beyond the general per-socket budget, which still applies to other requests', async () => {
    const limited = await startTestServer({ rateLimit: { perSecond: 5, burst: 5 } });
    try {
      const { socket } = await loginAndConnect(limited.url, 'alice@acme.test');
      const streamId = (await ok(socket, 'hello', {})).streams[0]!.id;
      const syncs = await Promise.all(
        Array.from({ length: 40 }, () => request(socket, 'sync', { streamId, afterSeq: 0, limit: 500 })),
      );
      expect(syncs.every((a) => a.ok)).toBe(true);
      const hellos = await Promise.all(Array.from({ length: 12 }, () => request(socket, 'hello', {})));
      expect(hellos.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(4);
      socket.close();
    } finally {
      await limited.close();
    }
  });
});

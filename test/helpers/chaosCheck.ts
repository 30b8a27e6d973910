// The checker of the chaos tests (cuts and a restart on one node, kill -9 of one of three nodes):
// after the chaos, every client is live with an empty outbox, every message it queued is on the
// server exactly once and in the order it was queued, and every cache equals the server's state.
import { expect } from 'vitest';
import type { Message, StreamEvent } from '../../shared/protocol/index';
import { cachedStream, serverStreamState, signedInCore, tempDataDir, waitUntil, type TestCore } from './core';
import { loginAndConnect, ok } from './server';

/** A client core under chaos, with what it queued. */
export interface ChaosClient {
  email: string;
  t: TestCore;
  userId: string;
  streams: { id: string; name: string }[];
  /** clientIds in the order they were queued, per stream. */
  queued: Map<string, string[]>;
}

/** Signs a demo user in through `url` with a fresh cache. */
export async function chaosClient(url: string, email: string): Promise<ChaosClient> {
  const t = await signedInCore(url, email, tempDataDir());
  const session = await t.call('session:get', {});
  const { streams } = await t.call('stream:list', {});
  return {
    email,
    t,
    userId: session.user!.id,
    streams: streams.map((s) => ({ id: s.id, name: s.name })),
    queued: new Map(),
  };
}

/** Queues one message through the core and records its clientId. */
export async function queueMessage(client: ChaosClient, streamId: string, body: string): Promise<void> {
  const res = await client.t.call('message:send', { streamId, body });
  client.queued.set(streamId, [...(client.queued.get(streamId) ?? []), res.clientId]);
}

/**
 * Waits until every client is live with nothing pending and its cache holds as many messages as the
 * server has for each of its streams; resolves with the server's truth per stream (read via `url`).
 */
export async function settle(clients: readonly ChaosClient[], url: string): Promise<Map<string, Message[]>> {
  for (const c of clients) {
    await waitUntil(
      () => {
        const s = c.t.statuses.at(-1);
        return s?.state === 'live' && s.pendingCount === 0;
      },
      45_000,
      `${c.email} live and drained`,
    );
  }
  const streamIds = [...new Set(clients.flatMap((c) => c.streams.map((s) => s.id)))];
  const truth = new Map<string, Message[]>();
  for (const id of streamIds) {
    const reader = clients.find((c) => c.streams.some((s) => s.id === id))!;
    truth.set(id, await serverStreamState(url, reader.email, id));
  }
  // the last live events may still be landing: wait until every cache has caught up with the truth
  for (const c of clients) {
    for (const s of c.streams) {
      const want = truth.get(s.id)!;
      await waitUntil(
        async () => (await cachedStream(c.t.dataDir, c.userId, s.id)).length === want.length,
        15_000,
        `${c.email} ${s.name} caught up`,
      );
    }
  }
  return truth;
}

/**
 * 0 lost, 0 duplicated, 0 reordered, and every cache equal to the server's state (call once the cores
 * are closed); resolves with how many messages the clients queued.
 */
export async function expectExactlyOnceInOrder(
  clients: readonly ChaosClient[],
  truth: ReadonlyMap<string, Message[]>,
): Promise<number> {
  let total = 0;
  for (const c of clients) {
    for (const s of c.streams) {
      const serverMessages = truth.get(s.id)!;
      // 0 lost, 0 duplicated: each queued clientId is on the server exactly once
      const queued = c.queued.get(s.id) ?? [];
      const mine = serverMessages.filter((m) => m.authorId === c.userId && queued.includes(m.clientId));
      expect(mine.length).toBe(queued.length);
      expect(new Set(mine.map((m) => m.clientId)).size).toBe(queued.length);
      // 0 out of order: the server's order of my messages is the order I queued them
      expect(mine.map((m) => m.clientId)).toEqual(queued);
      total += queued.length;
      // the cache equals the server's state
      const cached = await cachedStream(c.t.dataDir, c.userId, s.id);
      expect(cached).toEqual(serverMessages);
    }
  }
  return total;
}

/** Reads a stream's whole log through `url` and expects its seqs to be exactly 1…head. */
export async function expectGapFreeLog(url: string, email: string, streamId: string): Promise<void> {
  const { socket } = await loginAndConnect(url, email);
  try {
    const events: StreamEvent[] = [];
    let afterSeq = 0;
    let headSeq = 0;
    for (let more = true; more;) {
      const page = await ok(socket, 'sync', { streamId, afterSeq, limit: 500 });
      events.push(...page.events);
      afterSeq = page.events.at(-1)?.seq ?? afterSeq;
      headSeq = page.headSeq;
      more = page.hasMore;
    }
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: headSeq }, (_, i) => i + 1));
  } finally {
    socket.close();
  }
}

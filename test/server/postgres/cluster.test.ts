// Three server processes (`npm run server`) on one PostgreSQL, broadcasting to each other through the
// socket.io PostgreSQL adapter: what one node delivers reaches the sockets of every node, changes the
// admin CLI makes reach every node, and when a node is killed (-9) in the middle of a burst its
// clients reconnect through the load balancer to the others and lose, repeat and reorder nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/ids';
import type { StreamEvent } from '../../../shared/protocol/index';
import { adminMain } from '../../../server/admin/cli';
import {
  chaosClient,
  expectExactlyOnceInOrder,
  expectGapFreeLog,
  queueMessage,
  settle,
  type ChaosClient,
} from '../../helpers/chaosCheck';
import { startLoadBalancer, type LoadBalancer } from '../../helpers/loadBalancer';
import { collect, connect, login, ok, waitFor, type ClientSocket } from '../../helpers/server';
import { startServerNode, stopServerNode, type ServerNode } from '../../helpers/serverNodes';
import { createTestStorage, type TestStorage } from '../../helpers/storage';

/** Messages each client queues during the burst in which a node is killed. */
const BURST = Number(process.env.CLUSTER_BURST ?? 120);

let storage: TestStorage;
const nodes: ServerNode[] = [];
const sockets: ClientSocket[] = [];
const clients: ChaosClient[] = [];
let balancer: LoadBalancer | undefined;

/** One socket of a demo user on each node, all with one token. */
async function onEveryNode(email: string): Promise<ClientSocket[]> {
  const { token } = await login(nodes[0]!.url, email);
  const opened = await Promise.all(nodes.map((node) => connect(node.url, token)));
  sockets.push(...opened);
  return opened;
}

/** Collects a socket's events from now on; the returned function lists those of one stream. */
function eventsOf(socket: ClientSocket, streamId: string): () => StreamEvent[] {
  const seen = collect<StreamEvent>(socket, 'event');
  return () => seen.filter((e) => e.streamId === streamId);
}

beforeAll(async () => {
  storage = await createTestStorage();
  // a high request budget: the burst below is about crashes, not rate limits
  const args = ['--rate-limit', '10000', '--rate-burst', '10000'];
  nodes.push(await startServerNode(storage, { demo: true, args }));
  nodes.push(...(await Promise.all([1, 2].map(() => startServerNode(storage, { args })))));
}, 180_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(clients.map((c) => c.t.core.close().catch(() => undefined)));
  await balancer?.close();
  await Promise.all(nodes.map((node) => stopServerNode(node)));
  await storage.dispose();
});

describe('three server nodes on one PostgreSQL', () => {
  it('deliver a message sent on one node to the clients of every node, and a logout ends sessions on all', async () => {
    const [bobA, bobB, bobC] = await onEveryNode('bob@acme.test');
    const [alice] = await onEveryNode('alice@acme.test');
    const acme = (await ok(alice!, 'hello', {})).streams.find((s) => s.kind === 'org')!;
    const seen = [bobA!, bobB!, bobC!].map((socket) => eventsOf(socket, acme.id));
    const { message } = await ok(alice!, 'message:send', {
      streamId: acme.id,
      clientId: uuidv7(),
      body: 'to all nodes',
    });
    for (const events of seen) await waitFor(() => events().some((e) => e.message?.id === message.id));

    // bob logs out on node A: his sockets on B and C close too
    const closed = [bobB!, bobC!].map((socket) => {
      let gone = false;
      socket.on('disconnect', () => (gone = true));
      return () => gone;
    });
    const token = (bobA!.auth as { token: string }).token;
    const res = await fetch(`${nodes[0]!.url}/api/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    for (const gone of closed) await waitFor(gone);
  });

  it('stop delivering to a member the CLI removed, on every node', async () => {
    const bob = await onEveryNode('bob@acme.test');
    const [alice] = await onEveryNode('alice@acme.test');
    const streams = (await ok(alice!, 'hello', {})).streams;
    const design = streams.find((s) => s.name === 'Design')!;
    const acme = streams.find((s) => s.kind === 'org')!;
    const removed = bob.map((socket) => collect<{ streamId: string }>(socket, 'stream:removed'));
    const cli = await adminMain(['remove-member', '--email', 'bob@acme.test', '--team', 'design', ...storage.cliArgs]);
    expect(cli.code).toBe(0);
    // every node's tail finds the change (it polls once a second) and tells its own sockets, once
    for (const list of removed) await waitFor(() => list.length === 1);
    expect(removed.flat().map((r) => r.streamId)).toEqual([design.id, design.id, design.id]);

    const designSeen = bob.map((socket) => eventsOf(socket, design.id));
    const acmeSeen = bob.map((socket) => eventsOf(socket, acme.id));
    await ok(alice!, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'not for bob' });
    // a later message bob still reads, as the sentinel: once it arrived, the one before would have too
    const sentinel = await ok(alice!, 'message:send', { streamId: acme.id, clientId: uuidv7(), body: 'sentinel' });
    for (const events of acmeSeen) await waitFor(() => events().some((e) => e.message?.id === sentinel.message.id));
    for (const events of designSeen) expect(events()).toEqual([]);
  });

  it(`keep every message when a node is killed (-9) during a burst from clients on all nodes (${BURST} each)`, async () => {
    balancer = await startLoadBalancer(nodes.map((n) => n.port));
    // the balancer gives each new connection to the node with the fewest: the clients spread out
    for (const email of ['alice@acme.test', 'bob@acme.test', 'carol@acme.test', 'dave@acme.test'])
      clients.push(await chaosClient(balancer.url, email));
    const spread = balancer.connections();
    expect([...spread.values()].filter((n) => n > 0).length).toBe(nodes.length);

    const sent = { count: 0 };
    const burst = Promise.all(
      clients.map(async (c, ci) => {
        for (let i = 0; i < BURST; i += 1) {
          const stream = c.streams[i % c.streams.length]!;
          await queueMessage(c, stream.id, `cluster ${ci}.${i} from ${c.email}`);
          sent.count += 1;
          if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
        }
      }),
    );
    // kill the node holding the most clients once a third of the burst is queued
    await waitFor(() => sent.count >= (clients.length * BURST) / 3, 60_000);
    const busiest = [...balancer.connections()].sort((a, b) => b[1] - a[1])[0]!;
    expect(busiest[1]).toBeGreaterThan(0);
    const killed = nodes.find((n) => n.port === busiest[0])!;
    await stopServerNode(killed, 'SIGKILL');
    await burst;

    const survivor = nodes.find((n) => n !== killed)!;
    const truth = await settle(clients, survivor.url);
    await Promise.all(clients.map((c) => c.t.core.close()));
    const total = await expectExactlyOnceInOrder(clients, truth);
    expect(total).toBe(clients.length * BURST);
    for (const streamId of truth.keys()) {
      const reader = clients.find((c) => c.streams.some((s) => s.id === streamId))!;
      await expectGapFreeLog(survivor.url, reader.email, streamId);
    }
  }, 300_000);
});

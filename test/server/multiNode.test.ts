// Three server processes (`npm run server`, real processes) on one storage hammer one stream at once:
// every stream's seq stays unique and gap-free, and a send retried on every node at the same moment
// is stored exactly once. On PostgreSQL the nodes share the database (row lock on the stream's
// counter, unique key on the client id); on SQLite they share one file, serialized by its write lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, StreamEvent } from '../../shared/protocol/index';
import { connect, login, ok, type ClientSocket } from '../helpers/server';
import { startServerNode, stopServerNode, type ServerNode } from '../helpers/serverNodes';
import { createTestStorage, testEngine, type TestStorage } from '../helpers/storage';

const NODES = 3;
const USERS = ['alice', 'bob', 'carol', 'dave'] as const;
/** Sends per socket; each node has one socket per user, all posting to the org stream at once. */
const SENDS = 20;
/** Client ids each sent to all three nodes at the same moment. */
const RACES = 10;

const nodes: ServerNode[] = [];
const sockets: ClientSocket[] = [];
let storage: TestStorage;

/** Starts `npm run server` on the shared storage and resolves with its URL. */
async function startNode(demo: boolean): Promise<string> {
  // one user's sockets on all three nodes share one request budget: raise it past what this test sends
  const node = await startServerNode(storage, { demo, args: ['--rate-limit', '10000', '--rate-burst', '10000'] });
  nodes.push(node);
  return node.url;
}

beforeAll(async () => {
  storage = await createTestStorage();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(nodes.map((node) => stopServerNode(node)));
  await storage.dispose();
});

describe(`three server nodes on one ${testEngine()} database`, () => {
  it('keep one stream gap-free under concurrent appends and store a send raced on every node once', async () => {
    // the first node seeds the demo; the others join the database it made
    const urls = [await startNode(true)];
    urls.push(...(await Promise.all(Array.from({ length: NODES - 1 }, () => startNode(false)))));
    // a token from one node is valid on every node: sessions live in the shared database
    const tokens = await Promise.all(USERS.map(async (u) => (await login(urls[0]!, `${u}@acme.test`)).token));
    const perNode = await Promise.all(
      urls.map(async (url) => Promise.all(tokens.map(async (token) => connect(url, token)))),
    );
    sockets.push(...perNode.flat());
    const acme = (await ok(perNode[0]![0]!, 'hello', {})).streams.find((s) => s.kind === 'org')!;

    // every socket of every node posts at once
    const sent = await Promise.all(
      perNode.flat().map(async (socket, i) => {
        const messages: Message[] = [];
        for (let n = 0; n < SENDS; n += 1) {
          const body = `socket ${i} message ${n}`;
          messages.push((await ok(socket, 'message:send', { streamId: acme.id, clientId: uuidv7(), body })).message);
        }
        return messages;
      }),
    );
    // alice retries the same send on all three nodes at the same moment, several times over
    const races = await Promise.all(
      Array.from({ length: RACES }, async (_, r) => {
        const clientId = uuidv7();
        const acks = await Promise.all(
          perNode.map((node) => ok(node[0]!, 'message:send', { streamId: acme.id, clientId, body: `race ${r}` })),
        );
        return { clientId, ids: new Set(acks.map((a) => a.message.id)) };
      }),
    );

    const acked = sent.flat();
    expect(acked).toHaveLength(NODES * USERS.length * SENDS);
    expect(new Set(acked.map((m) => m.seq)).size).toBe(acked.length);
    for (const race of races) expect(race.ids.size).toBe(1);

    // the log, read back from another node than most writes went to: 1…head, no gap, no repeat
    const events: StreamEvent[] = [];
    let afterSeq = 0;
    let headSeq = 0;
    for (let more = true; more;) {
      const page = await ok(perNode[2]![1]!, 'sync', { streamId: acme.id, afterSeq, limit: 500 });
      events.push(...page.events);
      afterSeq = page.events.at(-1)?.seq ?? afterSeq;
      headSeq = page.headSeq;
      more = page.hasMore;
    }
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: headSeq }, (_, i) => i + 1));
    const created = events.filter((e) => e.type === 'message:created').map((e) => e.message!);
    expect(new Set(created.map((m) => m.id)).size).toBe(created.length);
    // every acked send is in the log under the seq its ack named; each raced client id once
    const bySeq = new Map(created.map((m) => [m.seq, m]));
    for (const message of acked) expect(bySeq.get(message.seq)?.id).toBe(message.id);
    for (const race of races)
      expect(created.filter((m) => m.clientId === race.clientId).map((m) => m.id)).toEqual([...race.ids]);
    // three cold `tsx` server starts and 250 durable sends: minutes on a loaded 2-core machine
  }, 300_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cachedStream,
  useRestartableServer,
  serverStreamState,
  signedInCore,
  startChaosProxy,
  tempDataDir,
  waitUntil,
  type ChaosProxy,
  type TestCore,
} from '../helpers/core';

// Sizes are flags so a longer soak can run locally: CHAOS_MESSAGES=5000 CHAOS_CUTS=200 npx vitest run test/core/chaos
const TOTAL_MESSAGES = Number(process.env.CHAOS_MESSAGES ?? 1000);
const MIN_CUTS = Number(process.env.CHAOS_CUTS ?? 30);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Client {
  email: string;
  t: TestCore;
  userId: string;
  streams: { id: string; name: string }[];
  /** clientIds in the order they were queued, per stream. */
  queued: Map<string, string[]>;
}

describe('chaos: cuts and a server restart while three clients send', () => {
  const server = useRestartableServer();
  let proxy: ChaosProxy;
  const clients: Client[] = [];

  beforeAll(async () => {
    proxy = await startChaosProxy(server().port);
    for (const email of ['alice@acme.test', 'bob@acme.test', 'carol@acme.test']) {
      const t = await signedInCore(proxy.url, email, tempDataDir());
      const session = await t.call('session:get', {});
      const { streams } = await t.call('stream:list', {});
      clients.push({
        email,
        t,
        userId: session.user!.id,
        streams: streams.map((s) => ({ id: s.id, name: s.name })),
        queued: new Map(),
      });
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.t.core.close()));
    await proxy?.close();
  });

  it(`loses, duplicates and reorders nothing (${TOTAL_MESSAGES} messages, ≥${MIN_CUTS} cuts, 1 restart)`, async () => {
    let cuts = 0;
    let sending = true;
    let restarted = false;
    let pendingAtRestart = 0;
    const chaos = (async () => {
      const pending = (): number => clients.reduce((n, c) => n + (c.t.statuses.at(-1)?.pendingCount ?? 0), 0);
      const giveUpAt = Date.now() + 40_000;
      // keep cutting until most of the traffic went through the chaos, not after it
      while (sending || cuts < MIN_CUTS || (pending() > TOTAL_MESSAGES / 20 && Date.now() < giveUpAt)) {
        await sleep(30 + Math.random() * 220);
        // only a cut that severed live connections counts
        if (proxy.cutAll() > 0) cuts += 1;
        if (!restarted && cuts >= Math.floor(MIN_CUTS / 2)) {
          restarted = true;
          pendingAtRestart = pending();
          await server().stop();
          await sleep(200);
          await server().start();
        }
      }
    })();

    const perClient = Math.ceil(TOTAL_MESSAGES / clients.length);
    await Promise.all(
      clients.map(async (c, ci) => {
        for (let i = 0; i < perClient; i += 1) {
          const stream = c.streams[i % c.streams.length]!;
          const res = await c.t.call('message:send', {
            streamId: stream.id,
            body: `chaos ${ci}.${i} from ${c.email}`,
          });
          c.queued.set(stream.id, [...(c.queued.get(stream.id) ?? []), res.clientId]);
          if (i % 25 === 0) await sleep(Math.random() * 30);
        }
      }),
    );
    sending = false;
    await chaos;
    expect(cuts).toBeGreaterThanOrEqual(MIN_CUTS);
    expect(restarted).toBe(true);
    console.log(`chaos: ${cuts} cuts, ${pendingAtRestart} sends pending when the server restarted`);

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
    // let the last live events land everywhere
    const streamIds = [...new Set(clients.flatMap((c) => c.streams.map((s) => s.id)))];
    const truth = new Map<string, Awaited<ReturnType<typeof serverStreamState>>>();
    for (const id of streamIds) {
      const reader = clients.find((c) => c.streams.some((s) => s.id === id))!;
      truth.set(id, await serverStreamState(server().url, reader.email, id));
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
    await Promise.all(clients.map((c) => c.t.core.close()));
    // every client really lost its connection many times
    for (const c of clients) {
      const drops = c.t.statuses.filter(
        (st, i) => st.state === 'offline' && c.t.statuses[i - 1]?.state !== 'offline',
      ).length;
      expect(drops).toBeGreaterThanOrEqual(Math.min(10, MIN_CUTS / 3));
    }

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
    expect(total).toBeGreaterThanOrEqual(TOTAL_MESSAGES);
  }, 110_000);
});

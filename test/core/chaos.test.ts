import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosClient, expectExactlyOnceInOrder, queueMessage, settle, type ChaosClient } from '../helpers/chaosCheck';
import { useRestartableServer, startChaosProxy, type ChaosProxy } from '../helpers/core';

// Sizes are flags so a longer soak can run locally: CHAOS_MESSAGES=5000 CHAOS_CUTS=200 npx vitest run test/core/chaos
const TOTAL_MESSAGES = Number(process.env.CHAOS_MESSAGES ?? 1000);
const MIN_CUTS = Number(process.env.CHAOS_CUTS ?? 30);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('chaos: cuts and a server restart while three clients send', () => {
  const server = useRestartableServer();
  let proxy: ChaosProxy;
  const clients: ChaosClient[] = [];

  beforeAll(async () => {
    proxy = await startChaosProxy(server().port);
    for (const email of ['alice@acme.test', 'bob@acme.test', 'carol@acme.test'])
      clients.push(await chaosClient(proxy.url, email));
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
          await queueMessage(c, stream.id, `chaos ${ci}.${i} from ${c.email}`);
          if (i % 25 === 0) await sleep(Math.random() * 30);
        }
      }),
    );
    sending = false;
    await chaos;
    expect(cuts).toBeGreaterThanOrEqual(MIN_CUTS);
    expect(restarted).toBe(true);
    console.log(`chaos: ${cuts} cuts, ${pendingAtRestart} sends pending when the server restarted`);

    const truth = await settle(clients, server().url);
    await Promise.all(clients.map((c) => c.t.core.close()));
    // every client really lost its connection many times
    for (const c of clients) {
      const drops = c.t.statuses.filter(
        (st, i) => st.state === 'offline' && c.t.statuses[i - 1]?.state !== 'offline',
      ).length;
      expect(drops).toBeGreaterThanOrEqual(Math.min(10, MIN_CUTS / 3));
    }

    const total = await expectExactlyOnceInOrder(clients, truth);
    expect(total).toBeGreaterThanOrEqual(TOTAL_MESSAGES);
  }, 110_000);
});

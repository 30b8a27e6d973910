import { join } from 'node:path';
import { makeIdentity } from '../fixtures/ids';
import { seedOrg } from '../fixtures/seedServer';
import { absoluteTarget } from '../lib/rows';
import { startServerUnderTest } from '../lib/serverUnderTest';
import { round } from '../lib/stats';
import { startSwarm, type Swarm } from '../lib/swarm';
import type { Bench, BenchParams, ResultRow } from '../lib/types';

/*
 * Server memory per idle connection: the server process's RSS (after forced GCs) with no clients,
 * then with N1 and N2 authenticated idle clients held open by swarm processes; per connection =
 * ΔRSS / N. The bare socket.io relay measured the same way is the baseline.
 */

const KB = 1024;

interface MemoryReading {
  base: number;
  perConn: Record<number, number>;
  rss: Record<number, number>;
  /** JS heap growth per connection (the rest of ΔRSS is native: sockets, buffers, allocator slack). */
  heapPerConn: Record<number, number>;
}

async function measure(
  kind: 'real' | 'bare',
  params: BenchParams,
  seed: number,
  workDir: string,
  log: (m: string) => void,
): Promise<MemoryReading> {
  const small = params.small!;
  const large = params.large!;
  const identity = makeIdentity(seed, 1, 0);
  const dataDir = join(workDir, kind);
  const tokens = kind === 'real' ? (await seedOrg(dataDir, identity, large)).tokens.slice(1) : null;
  const server = await startServerUnderTest(kind, dataDir);
  const swarms: Swarm[] = [];
  try {
    // Warm the server's code paths with one connect before the empty reading.
    const warm = await startSwarm({
      url: server.url,
      count: 1,
      processes: 1,
      tokens: tokens === null ? null : [tokens[0]!],
      listen: false,
    });
    await warm.stop();
    const empty = await server.rss();
    const base = empty.rss;
    const perProcess = params.perProcess!;
    const add = async (from: number, count: number): Promise<void> => {
      const swarm = await startSwarm({
        url: server.url,
        count,
        processes: Math.max(1, Math.ceil(count / perProcess)),
        tokens: tokens === null ? null : tokens.slice(from, from + count),
        listen: false,
      });
      swarms.push(swarm);
      const connected = await swarm.connected();
      if (connected !== count) throw new Error(`${kind}: only ${connected}/${count} clients connected`);
    };
    await add(0, small);
    await new Promise((r) => setTimeout(r, params.settleMs!));
    const small_ = await server.rss();
    const atSmall = small_.rss;
    await add(small, large - small);
    await new Promise((r) => setTimeout(r, params.settleMs!));
    const large_ = await server.rss();
    const atLarge = large_.rss;
    log(
      `${kind}: rss ${Math.round(base / KB / KB)} MiB → ${Math.round(atSmall / KB / KB)} MiB @${small} → ${Math.round(atLarge / KB / KB)} MiB @${large}`,
    );
    return {
      base,
      perConn: { [small]: (atSmall - base) / small, [large]: (atLarge - base) / large },
      rss: { 0: base, [small]: atSmall, [large]: atLarge },
      heapPerConn: {
        [small]: (small_.heapUsed - empty.heapUsed) / small,
        [large]: (large_.heapUsed - empty.heapUsed) / large,
      },
    };
  } finally {
    for (const s of swarms) await s.stop();
    await server.stop();
  }
}

export const memoryBench: Bench = {
  name: 'memory',
  title: 'Server memory per idle connection',
  metrics: ['KB/conn'],
  sizes: {
    tiny: { small: 50, large: 200, perProcess: 2500, settleMs: 300 },
    default: { small: 1000, large: 5000, perProcess: 2500, settleMs: 2000 },
  },
  async run({ params, seed, workDir, log }) {
    const bare = await measure('bare', params, seed, workDir, log);
    const real = await measure('real', params, seed, workDir, log);
    const rows: ResultRow[] = [params.small!, params.large!].map((n) => ({
      ...absoluteTarget(
        { bench: 'memory', metric: `KB/conn @${n}`, unit: 'KB', baselineLabel: 'bare socket.io' },
        real.perConn[n]! / KB,
        bare.perConn[n]! / KB,
        '≤ 50 KB per idle connection',
        real.perConn[n]! / KB <= 50,
      ),
      note: `RSS ${round(real.rss[n]! / KB / KB)} MiB; JS heap ${round(real.heapPerConn[n]! / KB)} KB/conn vs ${round(bare.heapPerConn[n]! / KB)}`,
    }));
    // Marginal cost between the two sizes: one-off growth (SQLite page cache, V8 heap reservation,
    // malloc arenas) lands in the first batch, not in every connection.
    const small = params.small!;
    const large = params.large!;
    const marginal = (r: MemoryReading): number => (r.rss[large]! - r.rss[small]!) / (large - small) / KB;
    rows.push(
      absoluteTarget(
        { bench: 'memory', metric: `KB/conn marginal ${small}→${large}`, unit: 'KB', baselineLabel: 'bare socket.io' },
        marginal(real),
        marginal(bare),
        '≤ 50 KB per idle connection',
        marginal(real) <= 50,
      ),
    );
    return { rows, details: { real, bare } };
  },
};

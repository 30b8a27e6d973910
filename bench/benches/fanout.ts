import type { Socket } from 'socket.io-client';
import { join } from 'node:path';
import { uuidv7 } from '../../shared/domain/ids';
import { makeIdentity } from '../fixtures/ids';
import { seedOrg } from '../fixtures/seedServer';
import { absoluteTarget, higherIsBetter } from '../lib/rows';
import { connectClient, startServerUnderTest } from '../lib/serverUnderTest';
import { nowMs, round, summarize } from '../lib/stats';
import { startSwarm, type Swarm } from '../lib/swarm';
import { prng } from '../fixtures/text';
import { shuffled } from '../lib/order';
import type { Bench, BenchParams } from '../lib/types';

/*
 * Fan-out: N clients (in swarm processes) in one stream; a sender posts at increasing rates; each
 * step counts deliveries/s at the receivers and send→receive latency. Throughput is the peak
 * deliveries/s over the ladder (capacity); latency is reported at every rate up to four times a
 * reference rate (`latencyRate`), both servers carrying the same load. Both servers are up at once
 * with their own swarms and take turns at each rate in a shuffled order. A discarded warm-up step
 * runs first (the swarm has just connected; its GC and JIT would otherwise land in the first step).
 * Real server and bare socket.io relay are measured identically.
 */

/** The p99 send→receive bound up to the reference rate. */
export const LATENCY_BOUND_MS = 100;

/** One rate step of a ladder, as measured at the receivers. */
export interface Step {
  rate: number;
  offered: number;
  received: number;
  deliveredShare: number;
  deliveriesPerSec: number;
  p50: number;
  p99: number;
  sendErrors: number;
}

/** Sends at `rate` msg/s for `seconds`, paced against the monotonic clock; resolves when all acks are in. */
async function sendAt(
  socket: Socket,
  streamId: string,
  rate: number,
  seconds: number,
): Promise<{ sent: number; errors: number }> {
  const total = Math.round(rate * seconds);
  const start = nowMs();
  let sent = 0;
  let errors = 0;
  const acks: Promise<void>[] = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((nowMs() - start) * rate) / 1000) + 1);
    for (; sent < due; sent += 1) {
      const body = `bench ${nowMs().toFixed(3)} fan-out message ${sent}`;
      acks.push(
        socket
          .timeout(30_000)
          .emitWithAck('message:send', { streamId, clientId: uuidv7(), body })
          .then(
            (ack: { ok: boolean }) => void (ack.ok ? undefined : (errors += 1)),
            () => void (errors += 1),
          ),
      );
    }
    await new Promise((r) => setTimeout(r, Math.max(1, Math.min(10, 1000 / rate))));
  }
  await Promise.all(acks);
  return { sent, errors };
}

/** Runs one rate step: resets the swarm's counters, sends for `seconds`, drains the deliveries. */
export async function runStep(
  swarm: Swarm,
  sender: Socket,
  streamId: string,
  clients: number,
  rate: number,
  seconds: number,
): Promise<Step> {
  await swarm.reset();
  const start = nowMs();
  const { sent, errors } = await sendAt(sender, streamId, rate, seconds);
  const expected = (sent - errors) * clients;
  // Drain: wait until every delivery arrived or nothing new came for 2 s.
  let last = -1;
  let stats = await swarm.stats();
  for (let quiet = 0; stats.received < expected && quiet < 20;) {
    await new Promise((r) => setTimeout(r, 100));
    stats = await swarm.stats();
    quiet = stats.received === last ? quiet + 1 : 0;
    last = stats.received;
  }
  const elapsed = Math.max(seconds * 1000, stats.lastReceiveMs - start);
  const lat = summarize(stats.latencies);
  return {
    rate,
    offered: sent * clients,
    received: stats.received,
    deliveredShare: stats.received / Math.max(1, sent * clients),
    deliveriesPerSec: (stats.received / elapsed) * 1000,
    p50: lat.p50,
    p99: lat.p99,
    sendErrors: errors,
  };
}

/** One server under test with its swarm and sender, kept up for the whole ladder. */
interface Contender {
  kind: 'real' | 'bare';
  swarm: Swarm;
  sender: Socket;
  steps: Step[];
  /** Set once a step fell behind: later (higher) rates would only add queueing. */
  saturated: boolean;
  stop(): Promise<void>;
}

async function startContender(
  kind: 'real' | 'bare',
  params: BenchParams,
  seed: number,
  workDir: string,
): Promise<Contender> {
  const clients = params.clients!;
  const identity = makeIdentity(seed, 1, 0);
  const dataDir = join(workDir, kind);
  const tokens = kind === 'real' ? (await seedOrg(dataDir, identity, clients)).tokens : null;
  const server = await startServerUnderTest(kind, dataDir);
  let swarm: Swarm | null = null;
  try {
    swarm = await startSwarm({
      url: server.url,
      count: clients,
      processes: params.processes!,
      tokens: tokens === null ? null : tokens.slice(1),
      listen: true,
    });
    const sender = await connectClient(server.url, tokens === null ? null : tokens[0]!);
    const started = swarm;
    return {
      kind,
      swarm,
      sender,
      steps: [],
      saturated: false,
      async stop() {
        sender.close();
        await started.stop();
        await server.stop();
      },
    };
  } catch (error) {
    await swarm?.stop();
    await server.stop();
    throw error;
  }
}

/**
 * The rate ladder, both servers up side by side: at each rate the bare relay and the real server take
 * a step each, in a shuffled order, so a burst of other load on this shared machine does not land on
 * one of them only. A server stops climbing at the first step that falls behind.
 */
async function interleavedLadder(
  params: BenchParams,
  seed: number,
  workDir: string,
  log: (m: string) => void,
): Promise<{ real: Step[]; bare: Step[] }> {
  const streamId = makeIdentity(seed, 1, 0).streams[0]!.id;
  const clients = params.clients!;
  const contenders: Contender[] = [];
  try {
    for (const kind of ['bare', 'real'] as const) contenders.push(await startContender(kind, params, seed, workDir));
    for (const c of contenders) await runStep(c.swarm, c.sender, streamId, clients, params.minRate!, 2);
    const random = prng(seed ^ 0xfa2);
    for (let rate = params.minRate!; rate <= params.maxRate!; rate *= 2) {
      for (const c of shuffled(contenders, random)) {
        if (c.saturated) continue;
        const step = await runStep(c.swarm, c.sender, streamId, clients, rate, params.stepSeconds!);
        c.steps.push(step);
        log(
          `${c.kind} ${rate} msg/s → ${Math.round(step.deliveriesPerSec)} deliveries/s, ${(step.deliveredShare * 100).toFixed(1)}% delivered, p50 ${round(step.p50)} p99 ${round(step.p99)} ms`,
        );
        c.saturated =
          step.deliveredShare < 0.9 ||
          step.p99 > 5000 ||
          (rate >= params.latencyRate! && step.deliveriesPerSec < 0.7 * rate * clients);
      }
      if (contenders.every((c) => c.saturated)) break;
    }
  } finally {
    for (const c of contenders) await c.stop();
  }
  const of = (kind: string): Step[] => contenders.find((c) => c.kind === kind)?.steps ?? [];
  return { real: of('real'), bare: of('bare') };
}

/** The step with the most deliveries per second. */
export function peak(steps: Step[]): Step {
  if (steps.length === 0) throw new Error('no load step completed');
  return steps.reduce((a, b) => (b.deliveriesPerSec > a.deliveriesPerSec ? b : a));
}

export const fanoutBench: Bench = {
  name: 'fanout',
  title: 'Fan-out to one stream',
  metrics: ['peak deliveries/s', 'p99 latency'],
  sizes: {
    tiny: { clients: 30, processes: 1, minRate: 10, maxRate: 40, stepSeconds: 0.5, latencyRate: 20 },
    default: { clients: 1000, processes: 2, minRate: 5, maxRate: 640, stepSeconds: 5, latencyRate: 20 },
  },
  async run({ params, seed, workDir, log }) {
    const { real: realSteps, bare: bareSteps } = await interleavedLadder(params, seed, workDir, log);
    const clients = params.clients!;
    const ours = peak(realSteps);
    const base = peak(bareSteps);
    const latencyRate = params.latencyRate!;
    if (!realSteps.some((s) => s.rate === latencyRate) || !bareSteps.some((s) => s.rate === latencyRate))
      throw new Error(`latencyRate ${latencyRate} is not a step of the ladder (minRate × 2^k up to maxRate)`);
    const unit = { bench: 'fanout', baselineLabel: 'bare socket.io relay' };
    // latency at every rate of the ladder up to four times the reference rate that both servers ran
    const rates = realSteps.map((s) => s.rate).filter((r) => r <= latencyRate * 4);
    const latencyRows = rates.flatMap((rate) => {
      const o = realSteps.find((s) => s.rate === rate);
      const b = bareSteps.find((s) => s.rate === rate);
      if (!o || !b) return [];
      // the 100 ms bound is the target up to the reference rate; above it the row compares with bare
      const targeted = rate <= latencyRate;
      const row = absoluteTarget(
        { ...unit, metric: `p99 latency @ ${rate}/s`, unit: 'ms' },
        o.p99,
        b.p99,
        targeted ? `p99 ≤ ${LATENCY_BOUND_MS} ms` : 'context',
        o.p99 <= LATENCY_BOUND_MS,
      );
      return [
        {
          ...row,
          met: targeted ? row.met : null,
          note: `p50 ${round(o.p50)} ms, bare ${round(b.p50)} ms; ${rate} sends/s × ${clients}`,
        },
      ];
    });
    return {
      rows: [
        {
          ...higherIsBetter(
            { ...unit, metric: 'peak deliveries/s', unit: 'msg/s' },
            ours.deliveriesPerSec,
            base.deliveriesPerSec,
            0.5,
          ),
          note: `at ${ours.rate} sends/s × ${clients} clients`,
        },
        ...latencyRows,
      ],
      details: {
        definition:
          'throughput: peak deliveries/s over the rate ladder; latency: send→receive p50/p99 per step; real and bare take turns per rate in a shuffled order',
        latencyRate,
        real: realSteps,
        bare: bareSteps,
      },
    };
  },
};

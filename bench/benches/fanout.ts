import type { Socket } from 'socket.io-client';
import { join } from 'node:path';
import { uuidv7 } from '../../shared/domain/ids';
import { makeIdentity } from '../fixtures/ids';
import { seedOrg } from '../fixtures/seedServer';
import { absoluteTarget, higherIsBetter } from '../lib/rows';
import { connectClient, startServerUnderTest } from '../lib/serverUnderTest';
import { nowMs, round, summarize } from '../lib/stats';
import { startSwarm, type Swarm } from '../lib/swarm';
import type { Bench, BenchParams } from '../lib/types';

/*
 * Fan-out: N clients (in swarm processes) in one stream; a sender posts at increasing rates; each
 * step counts deliveries/s at the receivers and send→receive latency. Throughput is the peak
 * deliveries/s over the ladder (capacity); latency is compared at one fixed moderate rate
 * (`latencyRate`), so both servers carry the same load. A discarded warm-up step runs first (the
 * swarm has just connected; its GC and JIT would otherwise land in the first step). Real server and
 * bare socket.io relay are measured identically.
 */

const LATENCY_BOUND_MS = 100;

interface Step {
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

async function runStep(
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

/** Runs the rate ladder against one server; stops at the first step that falls behind. */
async function ladder(
  kind: 'real' | 'bare',
  params: BenchParams,
  seed: number,
  workDir: string,
  log: (m: string) => void,
): Promise<Step[]> {
  const clients = params.clients!;
  const identity = makeIdentity(seed, 1, 0);
  const streamId = identity.streams[0]!.id;
  const dataDir = join(workDir, kind);
  const tokens = kind === 'real' ? (await seedOrg(dataDir, identity, clients)).tokens : null;
  const server = await startServerUnderTest(kind, dataDir);
  const steps: Step[] = [];
  let swarm: Swarm | null = null;
  let sender: Socket | null = null;
  try {
    swarm = await startSwarm({
      url: server.url,
      count: clients,
      processes: params.processes!,
      tokens: tokens === null ? null : tokens.slice(1),
      listen: true,
    });
    sender = await connectClient(server.url, tokens === null ? null : tokens[0]!);
    await runStep(swarm, sender, streamId, clients, params.minRate!, 2);
    for (let rate = params.minRate!; rate <= params.maxRate!; rate *= 2) {
      const step = await runStep(swarm, sender, streamId, clients, rate, params.stepSeconds!);
      steps.push(step);
      log(
        `${kind} ${rate} msg/s → ${Math.round(step.deliveriesPerSec)} deliveries/s, ${(step.deliveredShare * 100).toFixed(1)}% delivered, p50 ${round(step.p50)} p99 ${round(step.p99)} ms`,
      );
      // Past saturation each doubling only adds queueing; stop the ladder there.
      if (
        step.deliveredShare < 0.9 ||
        step.p99 > 5000 ||
        (rate >= params.latencyRate! && step.deliveriesPerSec < 0.7 * rate * clients)
      )
        break;
    }
  } finally {
    sender?.close();
    await swarm?.stop();
    await server.stop();
  }
  return steps;
}

/** The step with the most deliveries per second. */
function peak(steps: Step[]): Step {
  if (steps.length === 0) throw new Error('no load step completed');
  return steps.reduce((a, b) => (b.deliveriesPerSec > a.deliveriesPerSec ? b : a));
}

export const fanoutBench: Bench = {
  name: 'fanout',
  title: 'Fan-out to one stream',
  metrics: ['peak deliveries/s', 'p99 latency'],
  sizes: {
    tiny: { clients: 50, processes: 1, minRate: 20, maxRate: 40, stepSeconds: 1, latencyRate: 20 },
    default: { clients: 1000, processes: 2, minRate: 5, maxRate: 640, stepSeconds: 5, latencyRate: 20 },
  },
  async run({ params, seed, workDir, log }) {
    const bareSteps = await ladder('bare', params, seed, workDir, log);
    const realSteps = await ladder('real', params, seed, workDir, log);
    const clients = params.clients!;
    const ours = peak(realSteps);
    const base = peak(bareSteps);
    const latencyRate = params.latencyRate!;
    const ourLat = realSteps.find((s) => s.rate === latencyRate);
    const baseLat = bareSteps.find((s) => s.rate === latencyRate);
    if (!ourLat || !baseLat)
      throw new Error(`latencyRate ${latencyRate} is not a step of the ladder (minRate × 2^k up to maxRate)`);
    const unit = { bench: 'fanout', baselineLabel: 'bare socket.io relay' };
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
        {
          ...absoluteTarget(
            { ...unit, metric: 'p99 latency', unit: 'ms' },
            ourLat.p99,
            baseLat.p99,
            `p99 ≤ ${LATENCY_BOUND_MS} ms`,
            ourLat.p99 <= LATENCY_BOUND_MS,
          ),
          note: `p50 ${round(ourLat.p50)} ms at ${latencyRate} sends/s × ${clients}`,
        },
      ],
      details: {
        definition: 'throughput: peak deliveries/s over the rate ladder; latency: send→receive at latencyRate sends/s',
        latencyRate,
        real: realSteps,
        bare: bareSteps,
      },
    };
  },
};

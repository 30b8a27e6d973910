import { join } from 'node:path';
import { TYPING_SIGNAL_INTERVAL_MS } from '../../shared/protocol/presence';
import { makeIdentity } from '../fixtures/ids';
import { seedOrg } from '../fixtures/seedServer';
import { absoluteTarget } from '../lib/rows';
import { startServerUnderTest, type ServerUnderTest } from '../lib/serverUnderTest';
import { nowMs, round } from '../lib/stats';
import { startSwarm, type Swarm } from '../lib/swarm';
import type { Bench } from '../lib/types';

/*
 * Presence and typing at scale: N clients connected to the real server, all readers of one team
 * stream (and the org stream). First they sit idle for a window (socket.io pings only); then, for an
 * equal window, some of them type (one `typing:signal` per 3 s each, as the desktop client sends
 * while its user types, pushed to every other reader coalesced per 250 ms) while others reconnect
 * (each reconnect is two presence changes, pushed coalesced to every reader of both streams).
 * Reported per minute: the server process's CPU time, and the bytes each client received, idle
 * beside active.
 */

/** Extra server CPU we accept for this load: 10% of one core. */
const EXTRA_CPU_BOUND_MS_PER_MIN = 6_000;

interface Window {
  elapsedMs: number;
  cpuMs: number;
  bytes: number;
}

async function measure(server: ServerUnderTest, swarm: Swarm, work: () => Promise<unknown>): Promise<Window> {
  await swarm.reset();
  const cpu0 = await server.worker.call<number>('cpu');
  const t0 = nowMs();
  await work();
  const elapsedMs = nowMs() - t0;
  const cpuMs = (await server.worker.call<number>('cpu')) - cpu0;
  const bytes = (await Promise.all(swarm.workers.map((w) => w.call<number>('bytes')))).reduce((a, b) => a + b, 0);
  return { elapsedMs, cpuMs, bytes };
}

const perMinute = (value: number, elapsedMs: number): number => (value * 60_000) / elapsedMs;

export const presenceBench: Bench = {
  name: 'presence',
  title: 'Presence and typing at scale',
  metrics: ['server CPU', 'bytes per client per minute'],
  sizes: {
    tiny: { clients: 30, processes: 1, seconds: 2, typists: 3, churnPerMinute: 60 },
    default: { clients: 1000, processes: 2, seconds: 30, typists: 10, churnPerMinute: 100 },
  },
  async run({ params, seed, workDir, log }) {
    const clients = params.clients!;
    const processes = params.processes!;
    const seconds = params.seconds!;
    const typists = params.typists!;
    const churn = Math.round((params.churnPerMinute! * seconds) / 60);
    const identity = makeIdentity(seed, 1, 0);
    const streamId = identity.streams[0]!.id;
    const dataDir = join(workDir, 'presence');
    const { tokens } = await seedOrg(dataDir, identity, clients);
    const server = await startServerUnderTest('real', dataDir);
    let swarm: Swarm | null = null;
    try {
      swarm = await startSwarm({
        url: server.url,
        count: clients,
        processes,
        tokens: tokens.slice(0, clients),
        listen: false,
      });
      const started = swarm;
      // the connects' own presence pushes are flushed before the idle window starts
      await new Promise((r) => setTimeout(r, 2_000));
      const idle = await measure(server, started, () => new Promise((r) => setTimeout(r, seconds * 1000)));
      log(`idle: ${round(idle.cpuMs)} ms CPU, ${idle.bytes} bytes in ${round(idle.elapsedMs)} ms`);
      const typistsPer = Math.ceil(typists / processes);
      const churnPer = Math.ceil(churn / processes);
      let refused = 0;
      const active = await measure(server, started, () =>
        Promise.all(
          started.workers.flatMap((w) => [
            w
              .call<number>(
                'typing',
                { streamId, typists: typistsPer, intervalMs: TYPING_SIGNAL_INTERVAL_MS, seconds },
                seconds * 1000 + 60_000,
              )
              .then((n) => void (refused += n)),
            w.call('churn', { count: churnPer, seconds }, seconds * 1000 + 120_000),
          ]),
        ),
      );
      log(`active: ${round(active.cpuMs)} ms CPU, ${active.bytes} bytes in ${round(active.elapsedMs)} ms`);
      const cpuIdle = perMinute(idle.cpuMs, idle.elapsedMs);
      const cpuActive = perMinute(active.cpuMs, active.elapsedMs);
      const bytesIdle = perMinute(idle.bytes, idle.elapsedMs) / clients;
      const bytesActive = perMinute(active.bytes, active.elapsedMs) / clients;
      const load = `${clients} clients; ${typistsPer * processes} typing (1 signal/3 s each), ${churnPer * processes} reconnects in ${seconds} s`;
      const unit = { bench: 'presence', baselineLabel: 'the same clients idle' };
      const extraCpu = cpuActive - cpuIdle;
      return {
        rows: [
          {
            ...absoluteTarget(
              { ...unit, metric: 'server CPU', unit: 'ms/min' },
              cpuActive,
              cpuIdle,
              `extra ≤ ${EXTRA_CPU_BOUND_MS_PER_MIN} ms/min (10% of a core)`,
              extraCpu <= EXTRA_CPU_BOUND_MS_PER_MIN,
            ),
            note: `extra ${round(extraCpu)} ms/min; ${load}`,
          },
          {
            ...absoluteTarget(
              { ...unit, metric: 'bytes per client per minute', unit: 'B' },
              bytesActive,
              bytesIdle,
              'context',
              true,
            ),
            met: null,
            // idle sockets receive nothing but pings (every 25 s): a short window may hold none
            ratio: bytesIdle > 0 ? round(bytesActive / bytesIdle) : null,
            note: `extra ${round(bytesActive - bytesIdle)} B/client/min; ${refused} signals refused`,
          },
        ],
        details: {
          definition:
            'server process CPU (user+system) and engine.io payload bytes received by all clients, per minute, over an idle window and an active window of equal length',
          load,
          idle,
          active,
          refused,
        },
      };
    } finally {
      await swarm?.stop();
      await server.stop();
    }
  },
};

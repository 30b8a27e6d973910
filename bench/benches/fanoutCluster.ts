import type { Socket } from 'socket.io-client';
import { join } from 'node:path';
import { makeIdentity } from '../fixtures/ids';
import { seedOrg } from '../fixtures/seedServer';
import { benchStorage, targetOf, type BenchEngine } from '../lib/benchStorage';
import { absoluteTarget, higherIsBetter, notAvailable } from '../lib/rows';
import { connectClient, startServerUnderTest, type ServerUnderTest } from '../lib/serverUnderTest';
import { round } from '../lib/stats';
import { startSwarm, type Swarm } from '../lib/swarm';
import type { Bench, BenchParams, ResultRow } from '../lib/types';
import { LATENCY_BOUND_MS, peak, runStep, type Step } from './fanout';

/*
 * Fan-out across a cluster: the same N clients in one stream, connected to one, two or three server
 * nodes on one PostgreSQL database (the socket.io PostgreSQL adapter carries each broadcast to the
 * other nodes), and to one node on SQLite for the engine comparison. The sender always talks to the
 * first node, so with several nodes most deliveries cross the adapter. Each topology climbs the same
 * rate ladder as `fanout` and stops at the first step that falls behind. Topologies run one after the
 * other (three nodes and their swarms at once would not fit beside a second topology on this
 * machine), so their ratios carry more noise than fanout's interleaved ones.
 */

interface Topology {
  key: string;
  label: string;
  engine: BenchEngine;
  nodes: number;
}

const SQLITE_ONE: Topology = { key: 'sqlite-1', label: '1 node, SQLite', engine: 'sqlite', nodes: 1 };
const POSTGRES_ONE: Topology = { key: 'postgres-1', label: '1 node, PostgreSQL', engine: 'postgres', nodes: 1 };

/** The topologies a run measures: the SQLite node always, PostgreSQL with 1..maxNodes nodes when enabled. */
function topologies(params: BenchParams): Topology[] {
  if (params.postgres !== 1) return [SQLITE_ONE];
  const cluster = Array.from({ length: Math.max(1, params.maxNodes!) }, (_, i) => ({
    key: `postgres-${i + 1}`,
    label: `${i + 1} node${i === 0 ? '' : 's'}, PostgreSQL`,
    engine: 'postgres' as const,
    nodes: i + 1,
  }));
  return [...cluster, SQLITE_ONE];
}

interface TopologyResult {
  topology: Topology;
  steps: Step[];
}

/** Starts the topology's nodes on fresh seeded storage, runs the rate ladder, stops everything. */
async function measureTopology(
  topology: Topology,
  params: BenchParams,
  seed: number,
  workDir: string,
  log: (m: string) => void,
): Promise<TopologyResult> {
  const clients = params.clients!;
  const identity = makeIdentity(seed, 1, 0);
  const streamId = identity.streams[0]!.id;
  const storage = await benchStorage(topology.engine, join(workDir, topology.key));
  const { tokens } = await seedOrg(targetOf(storage), identity, clients);
  const nodes: ServerUnderTest[] = [];
  let swarm: Swarm | null = null;
  let sender: Socket | null = null;
  try {
    // one after the other: the first node migrates nothing new, the others then find the schema ready
    for (let i = 0; i < topology.nodes; i += 1)
      nodes.push(await startServerUnderTest('real', join(workDir, topology.key), { storage }));
    swarm = await startSwarm({
      url: nodes.map((n) => n.url),
      count: clients,
      processes: Math.max(params.processes!, topology.nodes),
      tokens: tokens.slice(1),
      listen: true,
    });
    sender = await connectClient(nodes[0]!.url, tokens[0]!);
    // discarded warm-up: the swarm has just connected (GC, JIT, the adapter's first notifications)
    await runStep(swarm, sender, streamId, clients, params.minRate!, 2);
    const steps: Step[] = [];
    for (let rate = params.minRate!; rate <= params.maxRate!; rate *= 2) {
      const step = await runStep(swarm, sender, streamId, clients, rate, params.stepSeconds!);
      steps.push(step);
      log(
        `${topology.label}: ${rate} msg/s → ${Math.round(step.deliveriesPerSec)} deliveries/s, ${(step.deliveredShare * 100).toFixed(1)}% delivered, p50 ${round(step.p50)} p99 ${round(step.p99)} ms`,
      );
      const behind =
        step.deliveredShare < 0.9 ||
        step.p99 > 5000 ||
        (rate >= params.latencyRate! && step.deliveriesPerSec < 0.7 * rate * clients);
      if (behind) break;
    }
    return { topology, steps };
  } finally {
    sender?.close();
    await swarm?.stop();
    for (const node of nodes) await node.stop();
  }
}

/** The p99 row of a topology at the reference rate, against the same rate on the baseline topology. */
function latencyRow(result: TopologyResult, baseline: TopologyResult, rate: number, clients: number): ResultRow {
  const unit = { bench: 'fanout-cluster', baselineLabel: baseline.topology.label };
  const metric = `p99 @ ${rate}/s, ${result.topology.label}`;
  const ours = result.steps.find((s) => s.rate === rate);
  const base = baseline.steps.find((s) => s.rate === rate);
  if (!ours || !base) return notAvailable('fanout-cluster', metric, `no completed step at ${rate} sends/s`);
  return {
    ...absoluteTarget(
      { ...unit, metric, unit: 'ms' },
      ours.p99,
      base.p99,
      `p99 ≤ ${LATENCY_BOUND_MS} ms`,
      ours.p99 <= LATENCY_BOUND_MS,
    ),
    note: `p50 ${round(ours.p50)} ms; ${rate} sends/s × ${clients}`,
  };
}

/** The peak-deliveries row of a topology against a baseline topology. */
function peakRow(result: TopologyResult, baseline: TopologyResult, minRatio: number, clients: number): ResultRow {
  const metric = `peak deliveries/s, ${result.topology.label}`;
  if (result.steps.length === 0 || baseline.steps.length === 0)
    return notAvailable('fanout-cluster', metric, 'no load step completed');
  const ours = peak(result.steps);
  return {
    ...higherIsBetter(
      { bench: 'fanout-cluster', metric, unit: 'msg/s', baselineLabel: baseline.topology.label },
      ours.deliveriesPerSec,
      peak(baseline.steps).deliveriesPerSec,
      minRatio,
    ),
    note: `at ${ours.rate} sends/s × ${clients} clients, p99 ${round(ours.p99)} ms`,
  };
}

export const fanoutClusterBench: Bench = {
  name: 'fanout-cluster',
  title: 'Fan-out to one stream over several nodes',
  metrics: ['peak deliveries/s per topology', 'p99 latency per topology'],
  sizes: {
    // tiny (the test suite's smoke run) leaves PostgreSQL out, as `send` does: only the SQLite node runs
    tiny: {
      clients: 20,
      processes: 1,
      minRate: 10,
      maxRate: 20,
      stepSeconds: 0.5,
      latencyRate: 10,
      maxNodes: 3,
      postgres: 0,
    },
    default: {
      clients: 1000,
      processes: 2,
      minRate: 5,
      maxRate: 640,
      stepSeconds: 5,
      latencyRate: 20,
      maxNodes: 3,
      postgres: 1,
    },
  },
  async run({ params, seed, workDir, log }) {
    const results: TopologyResult[] = [];
    for (const topology of topologies(params))
      results.push(await measureTopology(topology, params, seed, workDir, log));
    const clients = params.clients!;
    const sqlite = results.find((r) => r.topology.key === SQLITE_ONE.key)!;
    const postgresOne = results.find((r) => r.topology.key === POSTGRES_ONE.key);
    const rows: ResultRow[] = [];
    if (!postgresOne) {
      // every row compares with one PostgreSQL node; the SQLite ladder still ran (see details)
      const reason = `PostgreSQL left out at this size (--fanout-cluster.postgres 1 runs the cluster); the SQLite node peaked at ${Math.round(peak(sqlite.steps).deliveriesPerSec)} deliveries/s`;
      rows.push(notAvailable('fanout-cluster', 'peak deliveries/s per topology', reason));
      rows.push(notAvailable('fanout-cluster', 'p99 latency per topology', reason));
    } else {
      // PostgreSQL on one node beside SQLite: the adapter's NOTIFY per broadcast is the difference
      rows.push(peakRow(postgresOne, sqlite, 0.5, clients));
      for (const result of results.filter((r) => r.topology.engine === 'postgres' && r.topology.nodes > 1))
        rows.push(peakRow(result, postgresOne, 0.8, clients));
      // the lowest rate always runs, so every topology has a latency figure even on a loaded machine
      for (const rate of new Set([params.minRate!, params.latencyRate!]))
        for (const result of results) rows.push(latencyRow(result, postgresOne, rate, clients));
    }
    return {
      rows,
      details: {
        definition:
          'one stream, N clients spread evenly over the nodes, the sender on the first node; per topology the fanout rate ladder, one topology after the other',
        topologies: results.map((r) => ({ ...r.topology, steps: r.steps })),
      },
    };
  },
};

import { type Worker, startWorker } from './workers';

/** Clients spread over several processes, driven as one. */
export interface Swarm {
  workers: Worker[];
  /** Zeroes every process's counters. */
  reset(): Promise<void>;
  /** Deliveries, the last delivery time and the latency samples of all processes together. */
  stats(): Promise<{ received: number; lastReceiveMs: number; latencies: number[] }>;
  connected(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `processes` swarm workers and connects `count` clients spread evenly over them. Given several
 * urls (the nodes of a cluster), worker i connects its clients to `url[i % url.length]`.
 */
export async function startSwarm(options: {
  url: string | readonly string[];
  count: number;
  processes: number;
  tokens: string[] | null;
  listen: boolean;
  concurrency?: number;
}): Promise<Swarm> {
  const workers = await Promise.all(Array.from({ length: options.processes }, () => startWorker('swarm')));
  const per = Math.ceil(options.count / options.processes);
  await Promise.all(
    workers.map((w, i) => {
      const from = i * per;
      const n = Math.max(0, Math.min(per, options.count - from));
      return w.call(
        'connect',
        {
          url: typeof options.url === 'string' ? options.url : options.url[i % options.url.length],
          count: n,
          tokens: options.tokens === null ? null : options.tokens.slice(from, from + n),
          concurrency: options.concurrency ?? 50,
          listen: options.listen,
        },
        300_000,
      );
    }),
  );
  return {
    workers,
    async reset() {
      await Promise.all(workers.map((w) => w.call('reset')));
    },
    async stats() {
      const all = await Promise.all(
        workers.map((w) => w.call<{ received: number; lastReceiveMs: number; latencies: number[] }>('stats')),
      );
      return {
        received: all.reduce((a, s) => a + s.received, 0),
        lastReceiveMs: Math.max(...all.map((s) => s.lastReceiveMs)),
        latencies: all.flatMap((s) => s.latencies),
      };
    },
    async connected() {
      const counts = await Promise.all(workers.map((w) => w.call<number>('connected')));
      return counts.reduce((a, b) => a + b, 0);
    },
    async stop() {
      await Promise.all(workers.map((w) => w.call('disconnect').catch(() => undefined)));
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}

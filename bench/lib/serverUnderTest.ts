import type { BenchStorage } from './benchStorage';
import { startWorker, type Worker } from './workers';

/** A server (real or bare relay) running in its own worker process. */
export interface ServerUnderTest {
  kind: 'real' | 'bare';
  url: string;
  port: number;
  worker: Worker;
  /** The server process's RSS and heap after a forced GC. */
  rss(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

/**
 * Starts the real server on a seeded data folder (or the seeded storage in `options.storage`), or the
 * bare relay, in a child process (rate limits raised unless asked).
 */
export async function startServerUnderTest(
  kind: 'real' | 'bare',
  dataDir: string,
  options: { port?: number; serverRateLimits?: boolean; storage?: BenchStorage; groupCommit?: boolean } = {},
): Promise<ServerUnderTest> {
  const worker = await startWorker('server', { execArgv: ['--expose-gc'] });
  const storage: BenchStorage = options.storage ?? { engine: 'sqlite', dataDir };
  const { url, port: actual } = await worker.call<{ url: string; port: number }>('start', {
    kind,
    ...(storage.engine === 'sqlite' ? { dataDir: storage.dataDir } : { database: storage.database }),
    port: options.port ?? 0,
    serverRateLimits: options.serverRateLimits ?? false,
    groupCommit: options.groupCommit ?? true,
  });
  return {
    kind,
    url,
    port: actual,
    worker,
    rss: () => worker.call('rss'),
    async stop() {
      await worker.call('stop', undefined, 15_000).catch(() => undefined);
      await worker.stop();
    },
  };
}

/** One client socket in this process (the sender or the round-trip client): the tests' own connect. */
export { connect as connectClient } from '../../test/helpers/server';

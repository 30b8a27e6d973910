/*
 * A server under test in its own process: the real Tributary server (startServer) or the bare
 * socket.io relay baseline. Its own process so its CPU and RSS are its own.
 */
import { startServer, type RunningServer } from '../../server/app';
import { startBareRelay, type BareRelay } from '../lib/bareRelay';
import { serveCommands } from '../lib/workers';

let running: RunningServer | BareRelay | null = null;

/** RSS after a full GC (when --expose-gc is on), so idle-connection memory is not garbage noise. */
async function settledRss(): Promise<{ rss: number; heapUsed: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i += 1) {
    gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

serveCommands({
  async start(args: {
    kind: 'real' | 'bare';
    dataDir?: string;
    database?: string;
    port: number;
    serverRateLimits: boolean;
    groupCommit: boolean;
  }) {
    if (args.kind === 'bare') running = await startBareRelay(args.port);
    else
      running = await startServer({
        ...(args.database !== undefined ? { database: args.database } : { dataDir: args.dataDir ?? '' }),
        groupCommit: args.groupCommit,
        port: args.port,
        logLevel: 'silent',
        scryptCost: 1024,
        // The fan-out sender posts hundreds of messages a second on one socket; other benchmarks keep
        // the server's own per-socket limits, as users get them.
        ...(args.serverRateLimits ? {} : { rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } }),
      });
    return { url: running.url, port: running.port };
  },
  rss: () => settledRss(),
  /** This process's CPU time so far (user + system, ms). */
  cpu: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  async stop() {
    await running?.close();
    running = null;
    return true;
  },
});

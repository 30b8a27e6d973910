import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Unit and integration tests: plain Node for shared, server and client core; jsdom for components.
// The server suite runs twice, once per storage engine: in `node` on SQLite and in `server-postgres`
// on a real PostgreSQL (test/setup/postgres.ts starts one, or uses TRIBUTARY_TEST_DATABASE_URL).
// Engine-specific tests live in test/server/sqlite/ and test/server/postgres/.
// E2E tests live in test/e2e and run under Playwright, not here.
const nodeProject = { environment: 'node', testTimeout: 30_000, hookTimeout: 30_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...nodeProject,
          name: 'node',
          include: ['test/{shared,server,core,main,tooling}/**/*.test.ts'],
          exclude: ['test/server/postgres/**'],
          env: { TRIBUTARY_TEST_ENGINE: 'sqlite' },
        },
      },
      {
        test: {
          ...nodeProject,
          name: 'server-postgres',
          include: ['test/server/**/*.test.ts'],
          // pure logic, no storage: the node project runs it once
          exclude: ['test/server/sqlite/**', 'test/server/promotionRules.test.ts'],
          env: { TRIBUTARY_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/setup/postgres.ts'],
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/setup.ts'],
          testTimeout: 15_000,
        },
      },
    ],
  },
});

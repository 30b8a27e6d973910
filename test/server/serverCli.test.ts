import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { login } from '../helpers/server';
import { createTestStorage } from '../helpers/storage';

describe('npm run server', () => {
  it('prints its URL, serves the demo with the real scrypt cost, and exits cleanly on SIGTERM', async () => {
    // --data DIR on SQLite, --database URL on PostgreSQL
    const storage = await createTestStorage();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', '--port', '0', ...storage.cliArgs, '--demo', '--log-level', 'warn'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
      });
      expect((await (await fetch(`${url}/api/health`)).json()) as unknown).toMatchObject({ ok: true });
      const session = await login(url, 'alice@acme.test');
      expect(session.user.name).toBe('Alice Archer');
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await storage.dispose();
    }
  });
});

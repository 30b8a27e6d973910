import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  openAccountCache,
  openCore,
  useRestartableServer,
  serverStreamState,
  streamIdByName,
  tempDataDir,
  waitUntil,
} from '../helpers/core';

/** How many rows the (dead) child left in its outbox. */
function outboxRows(dataDir: string): number {
  const [userDir] = readdirSync(join(dataDir, 'accounts'));
  const db = openAccountCache(dataDir, userDir!);
  try {
    return db.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
  } finally {
    db.close();
  }
}

const KILLS = Number(process.env.SIGKILL_RUNS ?? 5);
const fixture = join(import.meta.dirname, 'fixtures', 'sigkillSender.ts');

/** Runs the sender child and SIGKILLs it after a random number of queued sends. */
function runAndKill(dataDir: string, url: string, label: string): Promise<{ queued: string[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', fixture, dataDir, url, 'alice@acme.test', 'Design', '200', label], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group: npx → tsx → node, and the kill must reach the node that holds the cache
      detached: true,
    });
    const killGroup = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const queued: string[] = [];
    const killAfter = 5 + Math.floor(Math.random() * 60);
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('QUEUED ')) queued.push(line.slice(7));
        if (!killed && queued.length >= killAfter) {
          killed = true;
          killGroup();
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      killGroup();
      if (signal === 'SIGKILL') resolve({ queued, killed });
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

describe('SIGKILL between outbox write and ack', () => {
  const server = useRestartableServer();

  it(`loses nothing acknowledged and sends nothing twice over ${KILLS} kills`, async () => {
    const dataDir = tempDataDir();
    const queued: string[] = [];
    let unackedAtKill = 0;
    for (let run = 0; run < KILLS; run += 1) {
      const result = await runAndKill(dataDir, server().url, `r${run}`);
      expect(result.killed).toBe(true);
      queued.push(...result.queued);
      unackedAtKill += outboxRows(dataDir);
    }
    expect(queued.length).toBeGreaterThanOrEqual(KILLS * 5);

    // the kills landed mid-stream: some runs died with sends still unacknowledged in the outbox
    expect(unackedAtKill).toBeGreaterThan(0);

    const survivor = openCore(dataDir);
    try {
      await survivor.waitForState('live', 15_000);
      await waitUntil(() => survivor.statuses.at(-1)?.pendingCount === 0, 20_000, 'outbox drained');
      const design = await streamIdByName(survivor, 'Design');
      const truth = await serverStreamState(server().url, 'alice@acme.test', design);
      const counts = new Map<string, number>();
      for (const m of truth) counts.set(m.clientId, (counts.get(m.clientId) ?? 0) + 1);
      // everything the user was told is queued reached the server, exactly once
      for (const clientId of queued) expect(counts.get(clientId)).toBe(1);
      // and no clientId at all is on the server twice
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      // the order of each run's sends is kept
      const order = truth.filter((m) => queued.includes(m.clientId)).map((m) => m.clientId);
      expect(order).toEqual(queued);
    } finally {
      await survivor.core.close();
    }
  }, 180_000);
});

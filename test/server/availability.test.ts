// One member must not be able to take the server down (issue 10, "Availability"): the attack from the
// issue, scaled to the test budget, against a real server in its own process so its memory is its own.
// The attacker (another process) posts large messages and asks for the whole log in hundreds of
// parallel sync pages on one socket; meanwhile another user keeps sending. Stated bounds: the
// server's peak RSS stays under RSS_BOUND_MB and every send of the other user round-trips in under 1 s
// (the product requirement; the one latency assertion here). The server answers afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { loginAndConnect, ok, request } from '../helpers/server';
import { createTestStorage, type TestStorage } from '../helpers/storage';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** Scaled from the 500 × 16,000 chars and 400 syncs: each unbounded page would be ~3.5 MB. */
const MESSAGES = 200;
const BODY_CHARS = 16_000;
const SYNCS = 300;
/** The server idles at ~100 MB; unprotected, this attack takes it past 1 GB. */
const RSS_BOUND_MB = 300;
const SEND_BOUND_MS = 1000;

const children: ChildProcess[] = [];
let storage: TestStorage;
beforeAll(async () => {
  storage = await createTestStorage();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await storage.dispose();
});

/** Runs a fixture; `nice` for the attacker, whose CPU would be on its own machine, not the server's. */
function runFixture(name: string, args: string[], nice = false): { child: ChildProcess; line: Promise<string> } {
  const command = [process.execPath, '--import', 'tsx', join(fixtures, name), ...args];
  const child = spawn(nice ? 'nice' : command[0]!, nice ? ['-n', '19', ...command] : command.slice(1), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return { child, line };
}

/** A process's resident memory in MB, now (VmRSS) or at its peak (VmHWM), from /proc. */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

describe('availability under a sync flood', () => {
  it('keeps RSS bounded and other users served while one member floods catch-up; stays alive', async () => {
    const server = runFixture('floodServer.ts', [String(MESSAGES), String(BODY_CHARS), ...storage.cliArgs]);
    const { url, pid, designId } = JSON.parse(await server.line) as { url: string; pid: number; designId: string };
    const attacker = await loginAndConnect(url, 'alice@acme.test');
    attacker.socket.close();
    const { socket: bob } = await loginAndConnect(url, 'bob@acme.test');
    const idleMb = rssMb(pid, 'VmRSS');

    const flood = runFixture('syncFlood.ts', [url, attacker.token, designId, String(SYNCS), '500'], true);
    let flooding = true;
    const outcome = flood.line.finally(() => (flooding = false));
    outcome.catch(() => undefined);
    let peakMb = idleMb;
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid, 'VmRSS'))), 25);
    const rtts: number[] = [];
    try {
      // the other user keeps talking while the flood runs (a send every 50 ms, well inside 20/s)
      while (flooding || rtts.length < 5) {
        const started = performance.now();
        await ok(bob, 'message:send', { streamId: designId, clientId: uuidv7(), body: `still here ${rtts.length}` });
        rtts.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      clearInterval(sampler);
    }
    const tally = JSON.parse(await outcome) as { ok: number; rateLimited: number; other: number; events: number };
    peakMb = Math.max(peakMb, rssMb(pid, 'VmHWM'));
    console.log(
      `availability: idle ${idleMb.toFixed(0)} MB, peak ${peakMb.toFixed(0)} MB; ${rtts.length} sends, ` +
        `max RTT ${Math.max(...rtts).toFixed(0)} ms; flood ${JSON.stringify(tally)}`,
    );

    expect(tally.ok + tally.rateLimited).toBe(SYNCS);
    expect(tally.other).toBe(0);
    expect(tally.ok).toBeGreaterThan(0);
    expect(peakMb).toBeLessThan(RSS_BOUND_MB);
    expect(Math.max(...rtts)).toBeLessThan(SEND_BOUND_MS);
    // alive and serving afterwards
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const after = await request(bob, 'sync', { streamId: designId, afterSeq: 0, limit: 500 });
    expect(after.ok).toBe(true);
    bob.close();
  }, 240_000);
});

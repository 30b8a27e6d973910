import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFile } from '../../main/core/account';
import {
  openAccountCache,
  openCore,
  useRestartableServer,
  serverStreamState,
  signedInCore,
  streamIdByName,
  tempDataDir,
  waitUntil,
  type RestartableServer,
} from '../helpers/core';

/** Signs alice in, queues `pending` messages while the server is down, and closes the core. */
async function prepare(
  server: RestartableServer,
  pending: string[],
): Promise<{ dataDir: string; userId: string; design: string }> {
  const dataDir = tempDataDir();
  const t = await signedInCore(server.url, 'alice@acme.test', dataDir);
  const userId = (await t.call('session:get', {})).user!.id;
  const design = await streamIdByName(t, 'Design');
  await server.stop();
  await t.waitForState('offline');
  for (const body of pending) await t.call('message:send', { streamId: design, body });
  await t.core.close();
  return { dataDir, userId, design };
}

function asideFiles(file: string): string[] {
  return readdirSync(dirname(file)).filter(
    (f) => f.startsWith('cache.sqlite.corrupt-') && !f.endsWith('-wal') && !f.endsWith('-shm'),
  );
}

describe('a damaged cache is set aside and rebuilt', () => {
  const server = useRestartableServer();

  it('salvages the outbox when only other pages are damaged', async () => {
    const pending = ['salvage me one', 'salvage me two'];
    const { dataDir, userId, design } = await prepare(server(), pending);
    const file = cacheFile(dataDir, userId);
    // overwrite the root page of the messages table, leaving the outbox's pages intact
    const probe = openAccountCache(dataDir, userId);
    const root = probe.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'messages'`).pluck().get() as number;
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    probe.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);

    await server().start();
    const t = openCore(dataDir);
    try {
      const session = await t.call('session:get', {});
      expect(session.signedIn).toBe(true);
      expect(session.notice).toMatch(/damaged/);
      expect(session.notice).toMatch(/2 unsent/);
      const aside = asideFiles(file);
      expect(aside).toHaveLength(1);
      expect(existsSync(file)).toBe(true);
      await t.waitForState('live');
      await waitUntil(() => t.statuses.at(-1)?.pendingCount === 0, 10_000, 'salvaged outbox drained');
      const truth = await serverStreamState(server().url, 'alice@acme.test', design);
      for (const body of pending) expect(truth.filter((m) => m.body === body)).toHaveLength(1);
      const list = await t.call('message:list', { streamId: design });
      expect(list.messages.map((m) => m.body)).toEqual(
        expect.arrayContaining([...pending, 'New icon set is ready for review **with dark mode** 🎨 #icons']),
      );
      expect((await t.call('session:get', {})).user?.email).toBe('alice@acme.test');
    } finally {
      await t.core.close();
    }
  });

  it('rebuilds from the server when the file is garbage, keeping the old file', async () => {
    const { dataDir, userId, design } = await prepare(server(), ['lost with the garbage']);
    const file = cacheFile(dataDir, userId);
    writeFileSync(file, Buffer.from('this is not a database at all '.repeat(300)));
    const garbage = readFileSync(file);
    await server().start();
    const t = openCore(dataDir);
    try {
      const session = await t.call('session:get', {});
      expect(session.notice).toMatch(/damaged/);
      const aside = asideFiles(file);
      expect(aside).toHaveLength(1);
      expect(readFileSync(`${dirname(file)}/${aside[0]}`).equals(garbage)).toBe(true);
      await t.waitForState('live');
      const list = await t.call('message:list', { streamId: design });
      expect(list.messages.map((m) => m.body)).toContain(
        'Spring launch drafts go in this thread. First round of mockups by Friday. #launch',
      );
    } finally {
      await t.core.close();
    }
  });
});

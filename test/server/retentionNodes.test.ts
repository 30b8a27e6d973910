// The retention job on several server processes (`npm run server`, real processes) on one storage:
// however many nodes run it, every expired message is purged exactly once, and a node killed in the
// middle of a pass leaves nothing half done — the next holder of the lease finishes the work.
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { StreamEvent } from '../../shared/protocol/index';
import { adminMain } from '../../server/admin/cli';
import { openStore } from '../../server/db/openStore';
import type { Store } from '../../server/db/store';
import { RETENTION_LEASE, runRetentionPass } from '../../server/jobs/retentionJob';
import { connect, login, ok, type ClientSocket } from '../helpers/server';
import { startServerNode, stopServerNode, type ServerNode } from '../helpers/serverNodes';
import { createTestStorage, testEngine, type TestStorage } from '../helpers/storage';

const DAY = 86_400_000;

let storage: TestStorage | undefined;
let store: Store | undefined;
const nodes: ServerNode[] = [];
const sockets: ClientSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await Promise.all(nodes.splice(0).map((node) => stopServerNode(node)));
  await store?.close();
  store = undefined;
  await storage?.dispose();
  storage = undefined;
});

/** A node purging every 50 ms in batches of `batch`; the first one seeds the demo. */
async function startNode(batch: number, demo = false): Promise<ServerNode> {
  const node = await startServerNode(storage!, {
    demo,
    args: [
      '--rate-limit',
      '10000',
      '--rate-burst',
      '10000',
      '--retention-interval',
      '0.05',
      '--retention-batch',
      String(batch),
    ],
  });
  nodes.push(node);
  return node;
}

/** Posts `count` messages to Design through a node and makes them 40 days old; resolves their ids. */
async function expiredMessages(url: string, count: number): Promise<{ streamId: string; ids: string[] }> {
  const socket = await connect(url, (await login(url, 'bob@acme.test')).token);
  sockets.push(socket);
  const streamId = (await ok(socket, 'hello', {})).streams.find((s) => s.name === 'Design')!.id;
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const sent = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, j) =>
        ok(socket, 'message:send', { streamId, clientId: uuidv7(), body: `old note ${i + j}` }),
      ),
    );
    ids.push(...sent.map((s) => s.message.id));
  }
  store = await openStore(storage!.target);
  // the demo's own Design messages are older than the period too: they expire with these
  await store.withSql((sql) =>
    sql.run('UPDATE messages SET created_at = ? WHERE stream_id = ?', [Date.now() - 40 * DAY, streamId]),
  );
  return { streamId, ids };
}

/** Every id the stream's log names as purged, in order, and the log checked gap-free. */
async function purgedInLog(streamId: string): Promise<string[]> {
  const page = await store!.withTransaction((tx) => tx.streams.eventsAfter(streamId, 0, 100_000, 1 << 30), {
    readOnly: true,
  });
  const events: StreamEvent[] = page.items;
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
  return events.flatMap((e) => e.purge?.messageIds ?? []);
}

const left = (streamId: string) =>
  store!.withSql(async (sql) =>
    Number((await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM messages WHERE stream_id = ?', [streamId]))?.n),
  );

const waitUntil = async (predicate: () => Promise<boolean>, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe(`the retention job on several nodes on one ${testEngine()} database`, () => {
  it('purges every expired message exactly once while two nodes run passes', async () => {
    storage = await createTestStorage();
    const first = await startNode(5, true);
    await startNode(5);
    const { streamId, ids } = await expiredMessages(first.url, 60);
    const before = await left(streamId);
    expect(
      (await adminMain(['set-retention', '--org', 'Acme', '--team', 'design', '--days', '30', ...storage.cliArgs]))
        .code,
    ).toBe(0);
    await waitUntil(async () => (await left(streamId)) === 0);
    const purged = await purgedInLog(streamId);
    // each message named once, however the two nodes took turns
    expect(purged).toHaveLength(before);
    expect(new Set(purged).size).toBe(before);
    for (const id of ids) expect(purged).toContain(id);
    const audits = await store!.withTransaction((tx) => tx.audit.list({ action: 'retention.purge', limit: 1000 }), {
      readOnly: true,
    });
    expect(audits.reduce((n, r) => n + Number(r.detail.messages), 0)).toBe(before);
  });

  it('finishes the work of a node killed in the middle of a pass, once its lease ran out', async () => {
    storage = await createTestStorage();
    const node = await startNode(2, true);
    const { streamId } = await expiredMessages(node.url, 300);
    const before = await left(streamId);
    expect(
      (await adminMain(['set-retention', '--org', 'Acme', '--team', 'design', '--days', '30', ...storage.cliArgs]))
        .code,
    ).toBe(0);
    // kill it once a few batches are in
    await waitUntil(async () => (await purgedInLog(streamId)).length >= 10, 20_000);
    await stopServerNode(node, 'SIGKILL');
    nodes.splice(nodes.indexOf(node), 1);
    const remaining = await left(streamId);
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(before);
    // what it committed is whole: every purged message is gone, every message left is untouched
    expect((await purgedInLog(streamId)).length).toBe(before - remaining);
    // its lease still holds: another node skips until it runs out
    expect(await runRetentionPass(store!, { holder: 'node-b' })).toEqual({ skipped: true });
    await store!.withSql((sql) => sql.run('UPDATE job_leases SET expires_at = 0 WHERE name = ?', [RETENTION_LEASE]));
    expect(await runRetentionPass(store!, { holder: 'node-b' })).toMatchObject({ skipped: false, purged: remaining });
    expect(await left(streamId)).toBe(0);
    const purged = await purgedInLog(streamId);
    expect(purged).toHaveLength(before);
    expect(new Set(purged).size).toBe(before);
  });
});

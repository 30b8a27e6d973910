// A connected client core follows a team being archived and opened again without reconnecting: the
// stream:changed push updates the cached stream (stream:list says `archived`), announces it as a
// `streams` change of that stream, and the flag is kept in the cache (migration 0140) for offline use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMain } from '../../server/admin/cli';
import { openAccountCache, signedInCore, streamIdByName, waitUntil, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let bob: TestCore;
let bobId = '';
let designId = '';

beforeAll(async () => {
  server = await startTestServer({ demo: true, adminPollMs: 50 });
  bob = await signedInCore(server.url, 'bob@acme.test');
  bobId = (await bob.call('session:get', {})).user!.id;
  designId = await streamIdByName(bob, 'Design');
});
afterAll(async () => {
  await bob?.core.close();
  await server?.close();
});

const connects = () => bob.statuses.filter((s) => s.state === 'connecting').length;
const design = async () => (await bob.call('stream:list', {})).streams.find((s) => s.id === designId);

describe('an archived team in the client core', () => {
  it('applies the archive live, from the admin CLI, and announces the stream as changed', async () => {
    const before = connects();
    const changesBefore = bob.changes.length;
    const cli = await adminMain(['archive-team', '--org', 'Acme', '--team', 'design', ...server.storage.cliArgs]);
    expect(cli.code).toBe(0);
    await waitUntil(async () => (await design())?.archived === true, 10_000, 'archived');
    const announced = bob.changes.slice(changesBefore);
    expect(announced.some((c) => c.kinds.includes('streams') && c.streamIds.includes(designId))).toBe(true);
    // still listed, readable, with its role: only the flag changed
    expect(await design()).toMatchObject({ name: 'Design', role: 'member', kind: 'team' });
    expect(connects()).toBe(before);
  });

  it('shows it open again once unarchived through the running server', async () => {
    await server.server.admin.archiveTeam({ org: 'Acme', team: 'design', archived: false });
    await waitUntil(async () => (await design())?.archived === undefined, 10_000, 'open again');
  });

  it('keeps the flag in the cache', async () => {
    await server.server.admin.archiveTeam({ org: 'Acme', team: 'design', archived: true });
    await waitUntil(async () => (await design())?.archived === true, 10_000, 'archived again');
    await bob.core.close();
    const db = openAccountCache(bob.dataDir, bobId);
    try {
      expect(db.prepare('SELECT archived FROM streams WHERE id = ?').pluck().get(designId)).toBe(1);
      expect(db.prepare("SELECT archived FROM streams WHERE kind = 'org'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

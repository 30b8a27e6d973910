// audit:list — the audit viewer: the organization's trail for org admins and compliance, newest
// first, filtered by actor, action, team, target (a promotion's whole chain) and time, paged by cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { AuditEntry, Stream } from '../../shared/protocol/index';
import {
  connectDemoUsers,
  loginAndConnect,
  ok,
  request,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket; // Design curator
let bob: ClientSocket; // Design member
let dave: ClientSocket; // org admin
let erin: ClientSocket; // compliance, in no team
let zed: ClientSocket; // admin of another organization
let design: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  await admin.addUser({
    org: 'Acme',
    email: 'erin@acme.test',
    name: 'Erin Audit',
    password: 'compliance-passphrase',
    orgRole: 'compliance',
  });
  await admin.createOrg('Globex');
  await admin.addUser({
    org: 'Globex',
    email: 'zed@globex.test',
    name: 'Zed',
    password: 'globex-password',
    orgRole: 'admin',
  });
  [alice, bob, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'dave'] as const);
  erin = (await loginAndConnect(ts.url, 'erin@acme.test', 'compliance-passphrase')).socket;
  zed = (await loginAndConnect(ts.url, 'zed@globex.test', 'globex-password')).socket;
  design = await streamNamed(bob, 'Design');
});
afterAll(async () => {
  for (const socket of [alice, bob, dave, erin, zed]) socket.close();
  await ts.close();
});

/** Every page of a filtered list, following the cursors. */
async function allPages(socket: ClientSocket, filter: Record<string, unknown>, limit: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await ok(socket, 'audit:list', { ...filter, limit, ...(cursor ? { cursor } : {}) });
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    entries.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

describe('audit viewer', () => {
  it("shows a promoted post's whole chain with who did each step and when", async () => {
    const message = (await ok(bob, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'Ship it' }))
      .message;
    const { promotion } = await ok(alice, 'promotion:propose', { messageId: message.id, clientId: uuidv7() });
    await ok(bob, 'promotion:consent', { promotionId: promotion.id, accept: true });
    await ok(alice, 'promotion:decide', { promotionId: promotion.id, approve: true });
    const chain = (await ok(erin, 'audit:list', { target: promotion.id })).entries.reverse();
    expect(chain.map((e) => [e.action, e.actor?.email])).toEqual([
      ['promotion.propose', 'alice@acme.test'],
      ['promotion.submit', 'bob@acme.test'],
      ['promotion.publish', 'alice@acme.test'],
    ]);
    expect(chain.every((e) => e.teamName === 'Design' && e.teamId === design.teamId)).toBe(true);
    expect(chain.map((e) => e.at)).toEqual([...chain.map((e) => e.at)].sort((a, b) => a - b));
  });

  it('filters by action, actor, team and time, newest first', async () => {
    await ts.server.admin.addMember({ email: 'erin@acme.test', team: 'design' });
    await ts.server.admin.removeMember({ email: 'erin@acme.test', team: 'design' });
    const adds = (await ok(dave, 'audit:list', { action: 'member.add' })).entries;
    expect(adds.length).toBeGreaterThanOrEqual(5); // the demo seed's four and erin's
    expect(adds.every((e) => e.action === 'member.add')).toBe(true);
    const times = adds.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const byAlice = (await ok(erin, 'audit:list', { actorId: (await ok(alice, 'hello', {})).user.id })).entries;
    expect(byAlice.length).toBeGreaterThan(0);
    expect(byAlice.every((e) => e.actor?.email === 'alice@acme.test')).toBe(true);

    const inDesign = await allPages(erin, { teamId: design.teamId! }, 3);
    expect(inDesign.length).toBeGreaterThan(3);
    expect(inDesign.every((e) => e.teamId === design.teamId)).toBe(true);

    const newest = adds[0]!;
    const window = (await ok(erin, 'audit:list', { from: newest.at, to: newest.at + 1 })).entries;
    expect(window.map((e) => e.id)).toContain(newest.id);
    expect(window.every((e) => e.at === newest.at)).toBe(true);
  });

  it('pages the whole trail with no record twice or missing', async () => {
    const everything = (await ok(dave, 'audit:list', { limit: 100 })).entries;
    expect(everything.length).toBeLessThan(100); // small enough to compare with one page
    const paged = await allPages(dave, {}, 4);
    expect(paged.map((e) => e.id)).toEqual(everything.map((e) => e.id));
  });

  it('is for org admins and compliance of their own organization only', async () => {
    expect(await request(bob, 'audit:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(alice, 'audit:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const globex = (await ok(zed, 'audit:list', { limit: 100 })).entries;
    expect(globex.length).toBeGreaterThan(0);
    expect(globex.every((e) => e.actor === null || e.actor.email.endsWith('@globex.test'))).toBe(true);
    // Acme's promotion chain is invisible from Globex, even by its target
    const acmeTarget = (await ok(erin, 'audit:list', { action: 'promotion.publish' })).entries[0]!.target!;
    expect((await ok(zed, 'audit:list', { target: acmeTarget })).entries).toEqual([]);
    expect(await request(erin, 'audit:list', { cursor: 'bm90LWEtY3Vyc29y' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'cursor' },
    });
  });
});

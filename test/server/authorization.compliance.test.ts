// The authorization matrix of the compliance console's socket requests (legal holds): each request ×
// member, curator, org admin, compliance and another organization, plus a compliance officer of
// another organization, who never reaches this organization's holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SocketRequestName } from '../../shared/protocol/index';
import { loginAndConnect, ok, request, startTestServer, type ClientSocket, type TestServer } from '../helpers/server';

type Actor = 'member' | 'curator' | 'admin' | 'compliance' | 'otherOrg';
const ACTORS: Actor[] = ['member', 'curator', 'admin', 'compliance', 'otherOrg'];

let ts: TestServer;
const sockets = {} as Record<Actor, ClientSocket>;
let otherCompliance: ClientSocket;
let bobId: string;
let designTeamId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  await admin.addUser({
    org: 'Acme',
    email: 'erin@acme.test',
    name: 'Erin Evans',
    password: 'compliance-pw',
    orgRole: 'compliance',
  });
  await admin.createOrg('Globex');
  await admin.addUser({ org: 'Globex', email: 'zed@globex.test', name: 'Zed Zimmer', password: 'globex-password' });
  await admin.addUser({
    org: 'Globex',
    email: 'gina@globex.test',
    name: 'Gina Grey',
    password: 'globex-password',
    orgRole: 'compliance',
  });
  sockets.member = (await loginAndConnect(ts.url, 'bob@acme.test')).socket;
  sockets.curator = (await loginAndConnect(ts.url, 'alice@acme.test')).socket;
  sockets.admin = (await loginAndConnect(ts.url, 'dave@acme.test')).socket;
  sockets.compliance = (await loginAndConnect(ts.url, 'erin@acme.test', 'compliance-pw')).socket;
  sockets.otherOrg = (await loginAndConnect(ts.url, 'zed@globex.test', 'globex-password')).socket;
  otherCompliance = (await loginAndConnect(ts.url, 'gina@globex.test', 'globex-password')).socket;
  const hello = await ok(sockets.member, 'hello', {});
  bobId = hello.user.id;
  designTeamId = hello.streams.find((s) => s.name === 'Design')!.teamId!;
});
afterAll(async () => {
  for (const actor of ACTORS) sockets[actor].close();
  otherCompliance.close();
  await ts.close();
});

/** A fresh active hold on bob, placed by Acme's compliance officer. */
const activeHold = async () =>
  (await ok(sockets.compliance, 'hold:place', { userId: bobId, reason: 'matter 7' })).hold.id;

const cases: { name: SocketRequestName; label: string; payload: () => Promise<unknown> }[] = [
  { name: 'hold:list', label: 'all holds', payload: async () => ({}) },
  { name: 'hold:list', label: 'active holds', payload: async () => ({ activeOnly: true }) },
  { name: 'hold:place', label: 'on a user', payload: async () => ({ userId: bobId, reason: 'litigation' }) },
  { name: 'hold:place', label: 'on a team', payload: async () => ({ teamId: designTeamId, reason: 'audit' }) },
  { name: 'hold:release', label: 'an active hold', payload: async () => ({ holdId: await activeHold() }) },
];

describe('authorization matrix: legal holds (compliance only)', () => {
  for (const c of cases) {
    for (const actor of ACTORS) {
      const allowed = actor === 'compliance';
      it(`${c.name} (${c.label}) × ${actor} → ${allowed ? 'allowed' : 'FORBIDDEN'}`, async () => {
        const ack = await request(sockets[actor], c.name, await c.payload());
        if (allowed) expect(ack).toMatchObject({ ok: true });
        else expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      });
    }
  }

  it("keeps another organization's compliance officer away from this organization's holds", async () => {
    const holdId = await activeHold();
    expect((await ok(otherCompliance, 'hold:list', {})).holds).toEqual([]);
    expect(await request(otherCompliance, 'hold:release', { holdId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'holdId' },
    });
    expect(await request(otherCompliance, 'hold:place', { userId: bobId, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'userId' },
    });
    expect(await request(otherCompliance, 'hold:place', { teamId: designTeamId, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'teamId' },
    });
    // the hold still holds
    const mine = await ok(sockets.compliance, 'hold:list', { activeOnly: true });
    expect(mine.holds.map((h) => h.id)).toContain(holdId);
  });
});

// The authorization matrix of the team pulse: a team's curators and org admins see it; its members,
// other teams' members and anyone asking for a team that does not exist or belongs to another
// organization do not (FORBIDDEN, or NOT_FOUND where the team is not theirs to know of).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Stream } from '../../shared/protocol/index';
import { loginAndConnect, ok, request, startTestServer, type ClientSocket, type TestServer } from '../helpers/server';

type Actor = 'otherTeam' | 'otherOrg' | 'member' | 'curator' | 'admin';
const ACTORS: Actor[] = ['otherTeam', 'otherOrg', 'member', 'curator', 'admin'];
const WHO: Record<Actor, string> = {
  otherTeam: 'carol@acme.test',
  otherOrg: 'zed@globex.test',
  member: 'bob@acme.test',
  curator: 'alice@acme.test',
  admin: 'dave@acme.test',
};

let ts: TestServer;
const sockets = {} as Record<Actor, ClientSocket>;
let design: Stream;
let opsTeamId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  await admin.createOrg('Globex');
  await admin.addUser({ org: 'Globex', email: 'zed@globex.test', name: 'Zed Zimmer', password: 'globex-password' });
  opsTeamId = (await admin.addTeam({ org: 'Globex', name: 'Ops', handle: 'ops' })).id;
  await admin.addMember({ email: 'zed@globex.test', team: 'ops', role: 'curator' });
  for (const actor of ACTORS)
    sockets[actor] = (
      await loginAndConnect(ts.url, WHO[actor], actor === 'otherOrg' ? 'globex-password' : undefined)
    ).socket;
  design = (await ok(sockets.curator, 'hello', {})).streams.find((s) => s.name === 'Design')!;
});
afterAll(async () => {
  for (const actor of ACTORS) sockets[actor].close();
  await ts.close();
});

interface Case {
  label: string;
  teamId: () => string;
  /** Each actor's answer: allowed, or the code of the refusal. */
  expected: Record<Actor, 'ok' | 'FORBIDDEN' | 'NOT_FOUND'>;
}

const cases: Case[] = [
  {
    label: 'Design',
    teamId: () => design.teamId!,
    expected: { otherTeam: 'FORBIDDEN', otherOrg: 'NOT_FOUND', member: 'FORBIDDEN', curator: 'ok', admin: 'ok' },
  },
  {
    label: "another organization's team",
    teamId: () => opsTeamId,
    expected: { otherTeam: 'NOT_FOUND', otherOrg: 'ok', member: 'NOT_FOUND', curator: 'NOT_FOUND', admin: 'NOT_FOUND' },
  },
  {
    label: 'no such team',
    teamId: () => uuidv7(),
    expected: {
      otherTeam: 'NOT_FOUND',
      otherOrg: 'NOT_FOUND',
      member: 'NOT_FOUND',
      curator: 'NOT_FOUND',
      admin: 'NOT_FOUND',
    },
  },
];

describe('pulse:get authorization', () => {
  for (const c of cases)
    for (const actor of ACTORS)
      it(`pulse:get (${c.label}) × ${actor} → ${c.expected[actor]}`, async () => {
        const ack = await request(sockets[actor], 'pulse:get', { teamId: c.teamId(), weeks: 4 });
        if (c.expected[actor] === 'ok') {
          expect(ack).toMatchObject({ ok: true, teamId: c.teamId() });
          if (ack.ok) expect(ack.weeks).toHaveLength(4);
        } else expect(ack).toMatchObject({ ok: false, error: { code: c.expected[actor], field: 'teamId' } });
      });

  it('refuses a period other than 4, 12 or 26 weeks as INVALID with the field', async () => {
    const ack = await request(sockets.curator, 'pulse:get', { teamId: design.teamId!, weeks: 5 });
    expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'weeks' } });
  });
});

// The admin console's authorization matrix: every admin request × member, curator, org admin,
// compliance and another organization's admin. Only an org admin may use the console, and only on
// their own organization: another organization's users, teams and tokens answer like missing ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { socketRequestNames, type SocketRequestName } from '../../shared/protocol/index';
import { loginAndConnect, ok, request, startTestServer, type ClientSocket, type TestServer } from '../helpers/server';

type Actor = 'member' | 'curator' | 'admin' | 'compliance' | 'otherOrg';
const ACTORS: Actor[] = ['member', 'curator', 'admin', 'compliance', 'otherOrg'];
const PASSWORD = 'a long passphrase for tests';
const WHO: Record<Actor, string> = {
  member: 'bob@acme.test',
  curator: 'alice@acme.test',
  admin: 'dave@acme.test',
  compliance: 'cleo@acme.test',
  otherOrg: 'zed@globex.test',
};

let ts: TestServer;
const sockets = {} as Record<Actor, ClientSocket>;
const ids = { carol: '', design: '', engineering: '', scratch: '' };
let serial = 0;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  await admin.addUser({ org: 'Acme', email: WHO.compliance, name: 'Cleo Compliance', password: PASSWORD });
  await admin.setOrgRole({ email: WHO.compliance, role: 'compliance' });
  await admin.createOrg('Globex');
  // another organization's *admin*: the console is theirs, but only for Globex
  await admin.addUser({ org: 'Globex', email: WHO.otherOrg, name: 'Zed Zimmer', password: PASSWORD, orgRole: 'admin' });
  ids.scratch = (await admin.addTeam({ org: 'Acme', name: 'Scratch', handle: 'scratch' })).id;
  for (const actor of ACTORS) {
    const password = actor === 'compliance' || actor === 'otherOrg' ? PASSWORD : undefined;
    sockets[actor] = (await loginAndConnect(ts.url, WHO[actor], password)).socket;
  }
  const directory = await ok(sockets.admin, 'directory:list', {});
  ids.carol = directory.users.find((u) => u.email === 'carol@acme.test')!.id;
  ids.design = directory.teams.find((t) => t.handle === 'design')!.id;
  ids.engineering = directory.teams.find((t) => t.handle === 'engineering')!.id;
});
afterAll(async () => {
  for (const actor of ACTORS) sockets[actor].close();
  await ts.close();
});

/** A fresh Acme user, so each allowed run acts on someone new. */
const freshUser = async (): Promise<{ id: string; email: string }> => {
  serial += 1;
  const email = `temp${serial}@acme.test`;
  const user = await ts.server.admin.addUser({ org: 'Acme', email, name: `Temp ${serial}`, password: PASSWORD });
  return { id: user.id, email };
};

interface Case {
  name: SocketRequestName;
  label: string;
  payload: () => Promise<unknown>;
  /** Acts on the caller's own organization: another organization's admin may run it, on Globex. */
  ownOrg?: true;
}

// Each payload leaves Acme as it was or acts on something fresh, so the cases run in any order.
const cases: Case[] = [
  { name: 'admin:users', label: 'own organization', payload: async () => ({}), ownOrg: true },
  {
    name: 'admin:addUser',
    label: 'new user',
    payload: async () => ({ email: `new${(serial += 1)}@x.test`, name: 'New', password: PASSWORD }),
    ownOrg: true,
  },
  { name: 'admin:setOrgRole', label: 'carol', payload: async () => ({ userId: ids.carol, orgRole: 'member' }) },
  { name: 'admin:deactivate', label: 'fresh user', payload: async () => ({ userId: (await freshUser()).id }) },
  {
    name: 'admin:resetPassword',
    label: 'fresh user',
    payload: async () => ({ userId: (await freshUser()).id, password: PASSWORD }),
  },
  { name: 'admin:teams', label: 'own organization', payload: async () => ({}), ownOrg: true },
  {
    name: 'admin:addTeam',
    label: 'new team',
    payload: async () => ({ name: `Team ${(serial += 1)}`, handle: `team-${serial}` }),
    ownOrg: true,
  },
  { name: 'admin:renameTeam', label: 'same name', payload: async () => ({ teamId: ids.design, name: 'Design' }) },
  {
    name: 'admin:archiveTeam',
    label: 'open stays open',
    payload: async () => ({ teamId: ids.design, archived: false }),
  },
  {
    name: 'admin:setTeamPolicy',
    label: 'same policy',
    payload: async () => ({ teamId: ids.design, policy: 'approval' }),
  },
  {
    name: 'admin:setMember',
    label: 'same role',
    payload: async () => ({ teamId: ids.engineering, userId: ids.carol, role: 'member' }),
  },
  {
    name: 'admin:removeMember',
    label: 'fresh member',
    payload: async () => {
      const user = await freshUser();
      await ts.server.admin.addMember({ email: user.email, team: 'scratch' });
      return { teamId: ids.scratch, userId: user.id };
    },
  },
  { name: 'admin:urlPolicy', label: 'own organization', payload: async () => ({}), ownOrg: true },
  {
    name: 'admin:setUrlPolicy',
    label: 'own organization',
    payload: async () => ({ allow: [], deny: [] }),
    ownOrg: true,
  },
  { name: 'admin:apiTokens', label: 'own organization', payload: async () => ({}), ownOrg: true },
  {
    name: 'admin:revokeApiToken',
    label: "bob's token",
    payload: async () => ({
      apiTokenId: (await ts.server.admin.createApiToken({ email: WHO.member, name: 'bot' })).apiToken.id,
    }),
  },
];

describe('admin console authorization matrix', () => {
  it('covers every admin request', () => {
    const adminNames = socketRequestNames.filter((n) => n.startsWith('admin:'));
    expect(adminNames.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(adminNames));
  });

  for (const c of cases) {
    for (const actor of ACTORS) {
      const allowed = actor === 'admin' || (actor === 'otherOrg' && c.ownOrg === true);
      const expected = allowed ? 'allowed' : actor === 'otherOrg' ? 'NOT_FOUND' : 'FORBIDDEN';
      it(`${c.name} (${c.label}) as ${actor}: ${expected}`, async () => {
        const ack = await request(sockets[actor], c.name, await c.payload());
        if (allowed) expect(ack).toMatchObject({ ok: true });
        else expect(ack).toMatchObject({ ok: false, error: { code: expected } });
      });
    }
  }

  it("shows another organization's admin only their own organization", async () => {
    const users = await ok(sockets.otherOrg, 'admin:users', {});
    expect(users.users.every((u) => !u.email.endsWith('@acme.test'))).toBe(true);
    const teams = await ok(sockets.otherOrg, 'admin:teams', {});
    expect(teams.teams.map((t) => t.handle)).not.toContain('design');
    const tokens = await ok(sockets.otherOrg, 'admin:apiTokens', {});
    expect(tokens.apiTokens.every((t) => !t.userEmail.endsWith('@acme.test'))).toBe(true);
  });

  it('answers NOT_FOUND for ids that name nothing, even to an admin', async () => {
    const ack = await request(sockets.admin, 'admin:setMember', {
      teamId: uuidv7(),
      userId: ids.carol,
      role: 'member',
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'teamId' } });
  });
});

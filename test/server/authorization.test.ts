// The authorization matrix: every request × every kind of caller, each allowance and each denial.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { socketRequestNames, type SocketRequestName, type Stream } from '../../shared/protocol/index';
import { hashToken } from '../../server/auth/tokens';
import {
  connect,
  login,
  loginAndConnect,
  ok,
  rawSql,
  request,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

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
let orgStream: Stream;
let carolId: string;
let daveId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  await admin.createOrg('Globex');
  await admin.addUser({ org: 'Globex', email: 'zed@globex.test', name: 'Zed Zimmer', password: 'globex-password' });
  await admin.addTeam({ org: 'Globex', name: 'Ops', handle: 'ops' });
  await admin.addMember({ email: 'zed@globex.test', team: 'ops', role: 'curator' });
  for (const actor of ACTORS) {
    sockets[actor] = (
      await loginAndConnect(ts.url, WHO[actor], actor === 'otherOrg' ? 'globex-password' : undefined)
    ).socket;
  }
  const hello = await ok(sockets.curator, 'hello', {});
  design = hello.streams.find((s) => s.name === 'Design')!;
  orgStream = hello.streams.find((s) => s.kind === 'org')!;
  carolId = (await ok(sockets.otherTeam, 'hello', {})).user.id;
  daveId = (await ok(sockets.admin, 'hello', {})).user.id;
});
afterAll(async () => {
  for (const actor of ACTORS) sockets[actor].close();
  compliance?.close();
  await ts.close();
});

const post = async (who: Actor, body: string, streamId = design.id) =>
  (await ok(sockets[who], 'message:send', { streamId, clientId: uuidv7(), body })).message;
const proposal = async (proposer: Actor, author: Actor = 'member') => {
  const message = await post(author, 'promote me');
  return (await ok(sockets[proposer], 'promotion:propose', { messageId: message.id, clientId: uuidv7() })).promotion;
};
const published = async () => {
  const p = await proposal('member');
  return (await ok(sockets.curator, 'promotion:decide', { promotionId: p.id, approve: true })).promotion;
};

/** Publishes a new version of Design's guidelines (as its curator) and answers its number. */
const designVersion = async () =>
  (await ok(sockets.curator, 'guidelines:publish', { teamId: design.teamId!, body: 'Design rules' })).guidelines
    .current!.version;
/** Publishes a new version of the organization's guidelines (as an org admin) and answers its number. */
const orgVersion = async () =>
  (await ok(sockets.admin, 'guidelines:publish', { body: 'Acme rules' })).guidelines.current!.version;

interface Case {
  name: SocketRequestName;
  label: string;
  payload: () => Promise<unknown>;
  allowed: Actor[];
  /** How everyone else is refused, when not the usual FORBIDDEN (NOT_FOUND for another organization). */
  denial?: 'NOT_FOUND';
  /** Acts on the caller's own organization, so another organization's user is refused like anyone else. */
  ownOrg?: true;
}

const teamOnly: Actor[] = ['member', 'curator'];
const orgWide: Actor[] = ['otherTeam', 'member', 'curator', 'admin'];
const cases: Case[] = [
  { name: 'hello', label: 'own session', payload: async () => ({}), allowed: ACTORS },
  { name: 'directory:list', label: 'own organization', payload: async () => ({}), allowed: ACTORS },
  {
    name: 'sync',
    label: 'team stream',
    payload: async () => ({ streamId: design.id, afterSeq: 0 }),
    allowed: teamOnly,
  },
  {
    name: 'sync',
    label: 'org stream',
    payload: async () => ({ streamId: orgStream.id, afterSeq: 0 }),
    allowed: orgWide,
  },
  {
    name: 'history',
    label: 'team stream',
    payload: async () => ({ streamId: design.id, beforeSeq: 1e9 }),
    allowed: teamOnly,
  },
  {
    name: 'history',
    label: 'org stream',
    payload: async () => ({ streamId: orgStream.id, beforeSeq: 1e9 }),
    allowed: orgWide,
  },
  {
    name: 'message:send',
    label: 'team stream',
    payload: async () => ({ streamId: design.id, clientId: uuidv7(), body: 'hi' }),
    allowed: teamOnly,
  },
  {
    name: 'message:send',
    label: 'org stream',
    payload: async () => ({ streamId: orgStream.id, clientId: uuidv7(), body: 'hi' }),
    allowed: orgWide,
  },
  {
    name: 'message:edit',
    label: "member's post",
    payload: async () => ({ messageId: (await post('member', 'x')).id, body: 'y' }),
    allowed: ['member'],
  },
  {
    name: 'message:delete',
    label: "member's post in team",
    payload: async () => ({ messageId: (await post('member', 'x')).id }),
    allowed: ['member', 'curator'],
  },
  {
    name: 'message:delete',
    label: "curator's post in team",
    payload: async () => ({ messageId: (await post('curator', 'x')).id }),
    allowed: ['curator'],
  },
  {
    name: 'message:delete',
    label: "curator's post in org stream",
    payload: async () => ({ messageId: (await post('curator', 'x', orgStream.id)).id }),
    allowed: ['curator', 'admin'],
  },
  {
    name: 'reaction:toggle',
    label: 'team post',
    payload: async () => ({ messageId: (await post('member', 'x')).id, emoji: '👍' }),
    allowed: teamOnly,
  },
  {
    name: 'reaction:toggle',
    label: 'org post',
    payload: async () => ({ messageId: (await post('member', 'x', orgStream.id)).id, emoji: '👍' }),
    allowed: orgWide,
  },
  {
    name: 'read:mark',
    label: 'team stream',
    payload: async () => ({ streamId: design.id, seq: 1 }),
    allowed: teamOnly,
  },
  {
    name: 'read:mark',
    label: 'org stream',
    payload: async () => ({ streamId: orgStream.id, seq: 1 }),
    allowed: orgWide,
  },
  {
    name: 'promotion:propose',
    label: "member's post",
    payload: async () => ({ messageId: (await post('member', 'x')).id, clientId: uuidv7() }),
    allowed: teamOnly,
  },
  {
    name: 'promotion:consent',
    label: 'proposal awaiting the member',
    payload: async () => ({ promotionId: (await proposal('curator')).id, accept: true }),
    allowed: ['member'],
  },
  {
    name: 'promotion:decide',
    label: 'awaiting approval',
    payload: async () => ({ promotionId: (await proposal('member')).id, approve: true }),
    allowed: ['curator', 'admin'],
  },
  {
    name: 'promotion:withdraw',
    label: "curator's proposal of member's post",
    payload: async () => ({ promotionId: (await proposal('curator')).id }),
    allowed: ['member', 'curator'],
  },
  {
    name: 'promotion:requestUnpublish',
    label: "member's published post",
    payload: async () => ({ promotionId: (await published()).id }),
    allowed: ['member'],
  },
  {
    name: 'promotion:unpublish',
    label: "member's published post",
    payload: async () => ({ promotionId: (await published()).id }),
    allowed: ['curator', 'admin'],
  },
  { name: 'promotion:list', label: 'queue', payload: async () => ({ scope: 'queue' }), allowed: ACTORS },
  // never refused: messages the caller cannot read are left out of the answer (promotionPermissions.test.ts)
  {
    name: 'promotion:permissions',
    label: 'any message',
    payload: async () => ({ messageIds: [uuidv7()] }),
    allowed: ACTORS,
  },
  // personal API tokens: everyone manages their own; another user's token answers like a missing one
  { name: 'apitoken:create', label: 'own token', payload: async () => ({ name: 'bot' }), allowed: ACTORS },
  { name: 'apitoken:list', label: 'own tokens', payload: async () => ({}), allowed: ACTORS },
  {
    name: 'apitoken:revoke',
    label: "the member's token",
    payload: async () => ({ apiTokenId: (await ok(sockets.member, 'apitoken:create', { name: 'bot' })).apiToken.id }),
    allowed: ['member'],
    denial: 'NOT_FOUND',
  },
  // integrations of a team stream: its curators and org admins (members of the team or not) manage them
  {
    name: 'integration:create',
    label: 'team stream',
    payload: async () => ({ streamId: design.id, name: 'CI' }),
    allowed: ['curator', 'admin'],
  },
  {
    name: 'integration:list',
    label: 'team stream',
    payload: async () => ({ streamId: design.id }),
    allowed: ['curator', 'admin'],
  },
  {
    name: 'integration:revoke',
    label: "the team's integration",
    payload: async () => ({
      integrationId: (await ok(sockets.curator, 'integration:create', { streamId: design.id, name: 'CI' })).integration
        .id,
    }),
    allowed: ['curator', 'admin'],
  },
  { name: 'speechPolicy:get', label: 'own organization', payload: async () => ({}), allowed: ACTORS },
  {
    name: 'speechPolicy:set',
    label: 'own organization',
    payload: async () => ({ patch: { teamStreamMentions: 'everyone' } }),
    allowed: ['admin'],
    ownOrg: true,
  },
  {
    name: 'message:history',
    label: "member's post in team",
    payload: async () => ({ messageId: (await post('member', 'x')).id }),
    allowed: ['member', 'curator'],
  },
  {
    name: 'message:history',
    label: "member's post in org stream",
    payload: async () => ({ messageId: (await post('member', 'x', orgStream.id)).id }),
    allowed: ['member'],
  },
  { name: 'retention:get', label: 'own organization', payload: async () => ({}), allowed: ['admin'], ownOrg: true },
  {
    name: 'retention:set',
    label: 'org default',
    payload: async () => ({ days: null }),
    allowed: ['admin'],
    ownOrg: true,
  },
  {
    name: 'retention:set',
    label: "a team's period",
    payload: async () => ({ teamId: design.teamId!, days: null }),
    allowed: ['admin'],
    ownOrg: true,
  },
  {
    name: 'retention:period',
    label: 'team stream',
    payload: async () => ({ streamId: design.id }),
    allowed: teamOnly,
  },
  {
    name: 'retention:period',
    label: 'org stream',
    payload: async () => ({ streamId: orgStream.id }),
    allowed: orgWide,
  },
  {
    name: 'search',
    label: 'team stream',
    payload: async () => ({ query: 'hi', streamId: design.id }),
    allowed: teamOnly,
  },
  {
    name: 'search',
    label: 'org stream',
    payload: async () => ({ query: 'hi', streamId: orgStream.id }),
    allowed: orgWide,
  },
  // never refused: only the streams the caller reads are searched (search.test.ts)
  { name: 'search', label: 'every readable stream', payload: async () => ({ query: 'hi' }), allowed: ACTORS },
  // never refused: only messages of streams the caller can read are counted and listed (tags.test.ts)
  { name: 'tag:messages', label: 'any tag', payload: async () => ({ tag: 'design' }), allowed: ACTORS },
  { name: 'tag:top', label: 'team stream', payload: async () => ({ streamId: design.id }), allowed: teamOnly },
  { name: 'tag:top', label: 'org stream', payload: async () => ({ streamId: orgStream.id }), allowed: orgWide },
  {
    name: 'message:tag',
    label: "member's post in team",
    payload: async () => ({ messageId: (await post('member', 'x')).id, tag: 'later' }),
    allowed: ['member', 'curator'],
  },
  {
    name: 'message:tag',
    label: "curator's post in team",
    payload: async () => ({ messageId: (await post('curator', 'x')).id, tag: 'later' }),
    allowed: ['curator'],
  },
  {
    name: 'message:tag',
    label: "curator's post in org stream",
    payload: async () => ({ messageId: (await post('curator', 'x', orgStream.id)).id, tag: 'later' }),
    allowed: ['curator', 'admin'],
  },
  // the audit trail: org admins (and compliance, auditViewer.test.ts) of their own organization only
  { name: 'audit:list', label: 'own organization', payload: async () => ({}), allowed: ['admin'], ownOrg: true },
  // anyone may open a conversation with a colleague; another organization's person answers like nobody
  {
    name: 'dm:open',
    label: 'with colleagues',
    payload: async () => ({ userIds: [carolId, daveId] }),
    allowed: ['otherTeam', 'member', 'curator', 'admin'],
  },
  // everyone in the organization may open a profile (which fields they see: profiles.test.ts);
  // another organization's user answers like a missing one
  {
    name: 'profile:get',
    label: "the member's profile",
    payload: async () => ({ userId: (await ok(sockets.member, 'hello', {})).user.id }),
    allowed: ['otherTeam', 'member', 'curator', 'admin'],
  },
  // the request names no user: it always changes the caller's own profile
  { name: 'profile:update', label: 'own profile', payload: async () => ({ title: 'Tester' }), allowed: ACTORS },
  // guidelines (guidelines.test.ts): the org's for its users, a team's for its members and org admins;
  // publishing and acknowledgements for org admins, and a team's curators for the team's
  { name: 'guidelines:list', label: 'own organization and teams', payload: async () => ({}), allowed: ACTORS },
  { name: 'guidelines:get', label: 'org', payload: async () => ({}), allowed: ACTORS },
  {
    name: 'guidelines:get',
    label: 'team',
    payload: async () => ({ teamId: design.teamId }),
    allowed: ['member', 'curator', 'admin'],
  },
  {
    name: 'guidelines:version',
    label: 'team, version 1',
    payload: async () => ({ teamId: design.teamId, version: await designVersion() }),
    allowed: ['member', 'curator', 'admin'],
  },
  {
    name: 'guidelines:publish',
    label: 'org',
    payload: async () => ({ body: 'Be kind.' }),
    allowed: ['admin'],
    ownOrg: true,
  },
  {
    name: 'guidelines:publish',
    label: 'team',
    payload: async () => ({ teamId: design.teamId, body: 'Be kind in Design.' }),
    allowed: ['curator', 'admin'],
  },
  // never turned on here: the other cases post in Design
  {
    name: 'guidelines:require',
    label: 'team',
    payload: async () => ({ teamId: design.teamId, required: false }),
    allowed: ['curator', 'admin'],
  },
  // another organization's user finds no such version in their own organization
  {
    name: 'guidelines:acknowledge',
    label: 'org, current version',
    payload: async () => ({ version: await orgVersion() }),
    allowed: orgWide,
    denial: 'NOT_FOUND',
  },
  {
    name: 'guidelines:acknowledge',
    label: 'team, current version',
    payload: async () => ({ teamId: design.teamId, version: await designVersion() }),
    allowed: teamOnly,
  },
  {
    name: 'guidelines:acknowledgements',
    label: 'org',
    payload: async () => ({}),
    allowed: ['admin'],
    ownOrg: true,
  },
  {
    name: 'guidelines:acknowledgements',
    label: 'team',
    payload: async () => ({ teamId: design.teamId }),
    allowed: ['curator', 'admin'],
  },
  { name: 'guidelines:export', label: 'org', payload: async () => ({}), allowed: ['admin'], ownOrg: true },
  {
    name: 'guidelines:export',
    label: 'team',
    payload: async () => ({ teamId: design.teamId }),
    allowed: ['curator', 'admin'],
  },
  // presence and typing: only a stream's readers learn who is online or typing there (presence.test.ts)
  { name: 'presence:list', label: 'team stream', payload: async () => ({ streamId: design.id }), allowed: teamOnly },
  { name: 'presence:list', label: 'org stream', payload: async () => ({ streamId: orgStream.id }), allowed: orgWide },
  { name: 'presence:get', label: 'own choice', payload: async () => ({}), allowed: ACTORS },
  // setting it back to what it is: the other cases' presence stays as it was
  { name: 'presence:set', label: 'own choice', payload: async () => ({ visible: true }), allowed: ACTORS },
  {
    name: 'typing:signal',
    label: 'team stream',
    payload: async () => ({ streamId: design.id, typing: false }),
    allowed: teamOnly,
  },
  {
    name: 'typing:signal',
    label: 'org stream',
    payload: async () => ({ streamId: orgStream.id, typing: false }),
    allowed: orgWide,
  },
];

describe('authorization matrix', () => {
  it('covers every request', () => {
    // the admin console's requests have their own matrix: authorization.admin.test.ts
    const names = socketRequestNames.filter((n) => !n.startsWith('admin:'));
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(names));
  });

  it('refuses anonymous and forged handshakes before any request', async () => {
    await expect(connect(ts.url, null)).rejects.toThrow('UNAUTHENTICATED');
    await expect(connect(ts.url, 'x'.repeat(43))).rejects.toThrow('UNAUTHENTICATED');
  });

  it('answers UNAUTHENTICATED to every request once the session has expired, and disconnects', async () => {
    for (const name of socketRequestNames) {
      const session = await login(ts.url, 'carol@acme.test');
      const socket = await connect(ts.url, session.token);
      let disconnected = false;
      socket.on('disconnect', () => (disconnected = true));
      await rawSql(ts, (sql) =>
        sql.run('UPDATE tokens SET expires_at = 1 WHERE token_hash = ?', [hashToken(session.token)]),
      );
      const ack = await request(socket, name, {});
      expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      await waitFor(() => disconnected);
      socket.close();
    }
  });

  for (const c of cases) {
    for (const actor of ACTORS) {
      const allowed = c.allowed.includes(actor);
      // Another organization's stream, message or promotion answers like a missing one (NOT_FOUND), so
      // its existence does not leak across organizations.
      const denial = c.denial ?? (actor === 'otherOrg' && !c.ownOrg ? 'NOT_FOUND' : 'FORBIDDEN');
      it(`${c.name} (${c.label}) × ${actor} → ${allowed ? 'allowed' : denial}`, async () => {
        const payload = await c.payload();
        const ack = await request(sockets[actor], c.name, payload);
        if (allowed) expect(ack).toMatchObject({ ok: true });
        else expect(ack).toMatchObject({ ok: false, error: { code: denial } });
      });
    }
  }

  it('keeps organizations apart in the directory and the queue', async () => {
    const dir = await ok(sockets.otherOrg, 'directory:list', {});
    expect(dir.users.map((u) => u.email)).toEqual(['zed@globex.test']);
    expect(dir.teams.map((t) => t.handle)).toEqual(['ops']);
    const queue = await ok(sockets.otherOrg, 'promotion:list', { scope: 'queue' });
    expect(queue.promotions).toEqual([]);
    const streams = (await ok(sockets.otherOrg, 'hello', {})).streams.map((s) => s.name);
    expect(streams).toEqual(['Globex', 'Ops']);
  });
});

/*
 * Direct messages: a conversation of the member (bob) and the curator (alice) is theirs alone. Everyone
 * else, org admins and compliance included, is answered as if it did not exist (NOT_FOUND) by every
 * request that takes its stream or one of its messages; a participant is FORBIDDEN only what no
 * participant may do (someone else's post, promotion).
 */
type DmActor = Actor | 'compliance';
const DM_ACTORS: DmActor[] = [...ACTORS, 'compliance'];
let compliance: ClientSocket | undefined;
let dm: Stream;

const dmSocket = (actor: DmActor): ClientSocket => (actor === 'compliance' ? compliance! : sockets[actor]);
const dmPost = async (who: 'member' | 'curator') => post(who, 'private #secret', dm.id);

interface DmCase {
  name: SocketRequestName;
  label: string;
  payload: () => Promise<unknown>;
  allowed: DmActor[];
}
const participants: DmActor[] = ['member', 'curator'];
const dmCases: DmCase[] = [
  { name: 'sync', label: 'DM', payload: async () => ({ streamId: dm.id, afterSeq: 0 }), allowed: participants },
  { name: 'history', label: 'DM', payload: async () => ({ streamId: dm.id, beforeSeq: 1e9 }), allowed: participants },
  {
    name: 'message:send',
    label: 'DM',
    payload: async () => ({ streamId: dm.id, clientId: uuidv7(), body: 'hi' }),
    allowed: participants,
  },
  {
    name: 'message:edit',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id, body: 'y' }),
    allowed: ['member'],
  },
  // nobody moderates a DM: the other participant, curator or not, may not delete or tag it
  {
    name: 'message:delete',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id }),
    allowed: ['member'],
  },
  {
    name: 'message:tag',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id, tag: 'later' }),
    allowed: ['member'],
  },
  {
    name: 'reaction:toggle',
    label: 'DM post',
    payload: async () => ({ messageId: (await dmPost('member')).id, emoji: '👍' }),
    allowed: participants,
  },
  { name: 'read:mark', label: 'DM', payload: async () => ({ streamId: dm.id, seq: 1 }), allowed: participants },
  {
    name: 'message:history',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id }),
    allowed: ['member'],
  },
  {
    name: 'search',
    label: 'DM',
    payload: async () => ({ query: 'private', streamId: dm.id }),
    allowed: participants,
  },
  { name: 'tag:top', label: 'DM', payload: async () => ({ streamId: dm.id }), allowed: participants },
  // never promotable, not even by its author
  {
    name: 'promotion:propose',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id, clientId: uuidv7() }),
    allowed: [],
  },
];

describe('authorization matrix: direct messages', () => {
  beforeAll(async () => {
    await ts.server.admin.addUser({
      org: 'Acme',
      email: 'erin@acme.test',
      name: 'Erin Evans',
      password: 'compliance-password',
      orgRole: 'compliance',
    });
    compliance = (await loginAndConnect(ts.url, 'erin@acme.test', 'compliance-password')).socket;
    const bob = (await ok(sockets.member, 'hello', {})).user;
    dm = (await ok(sockets.curator, 'dm:open', { userIds: [bob.id] })).stream;
  });

  for (const c of dmCases) {
    for (const actor of DM_ACTORS) {
      const allowed = c.allowed.includes(actor);
      const denial = participants.includes(actor) ? 'FORBIDDEN' : 'NOT_FOUND';
      it(`${c.name} (${c.label}) × ${actor} → ${allowed ? 'allowed' : denial}`, async () => {
        const payload = await c.payload();
        const ack = await request(dmSocket(actor), c.name, payload);
        if (allowed) expect(ack).toMatchObject({ ok: true });
        else expect(ack).toMatchObject({ ok: false, error: { code: denial } });
      });
    }
  }

  it('lists the DM, and finds its messages and tags, for its participants only', async () => {
    const message = await dmPost('member');
    for (const actor of DM_ACTORS) {
      const socket = dmSocket(actor);
      const mine = participants.includes(actor);
      const streams = (await ok(socket, 'hello', {})).streams.map((s) => s.id);
      expect(streams.includes(dm.id)).toBe(mine);
      const hits = (await ok(socket, 'search', { query: 'private' })).hits;
      expect(hits.some((h) => h.message.streamId === dm.id)).toBe(mine);
      const tagged = await ok(socket, 'tag:messages', { tag: 'secret' });
      expect(tagged.count > 0).toBe(mine);
      expect(tagged.messages.every((m) => m.streamId !== dm.id)).toBe(!mine);
      // permissions leave out what the caller cannot read; a participant hears "never shareable"
      const { permissions } = await ok(socket, 'promotion:permissions', { messageIds: [message.id] });
      expect(permissions).toEqual(mine ? [{ messageId: message.id, propose: false, unpublish: false }] : []);
    }
  });
});

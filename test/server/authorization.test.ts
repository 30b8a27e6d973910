// The authorization matrix: every request × every kind of caller, each allowance and each denial.
// Split by topic: this file holds the team and org streams' requests; authorization.<topic>.test.ts the rest.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { socketRequestNames } from '../../shared/protocol/index';
import { hashToken } from '../../server/auth/tokens';
import { connect, login, ok, rawSql, request, waitFor } from '../helpers/server';
import {
  ACTORS,
  orgWide,
  requestsWithCases,
  runMatrix,
  teamOnly,
  useAuthorizationWorld,
  type Case,
} from './authorizationWorld';

const w = useAuthorizationWorld();

const cases: Case[] = [
  { name: 'hello', label: 'own session', payload: async () => ({}), allowed: ACTORS },
  { name: 'directory:list', label: 'own organization', payload: async () => ({}), allowed: ACTORS },
  {
    name: 'sync',
    label: 'team stream',
    payload: async () => ({ streamId: w.design.id, afterSeq: 0 }),
    allowed: teamOnly,
  },
  {
    name: 'sync',
    label: 'org stream',
    payload: async () => ({ streamId: w.orgStream.id, afterSeq: 0 }),
    allowed: orgWide,
  },
  {
    name: 'history',
    label: 'team stream',
    payload: async () => ({ streamId: w.design.id, beforeSeq: 1e9 }),
    allowed: teamOnly,
  },
  {
    name: 'history',
    label: 'org stream',
    payload: async () => ({ streamId: w.orgStream.id, beforeSeq: 1e9 }),
    allowed: orgWide,
  },
  {
    name: 'message:send',
    label: 'team stream',
    payload: async () => ({ streamId: w.design.id, clientId: uuidv7(), body: 'hi' }),
    allowed: teamOnly,
  },
  {
    name: 'message:send',
    label: 'org stream',
    payload: async () => ({ streamId: w.orgStream.id, clientId: uuidv7(), body: 'hi' }),
    allowed: orgWide,
  },
  {
    name: 'message:edit',
    label: "member's post",
    payload: async () => ({ messageId: (await w.post('member', 'x')).id, body: 'y' }),
    allowed: ['member'],
  },
  {
    name: 'message:delete',
    label: "member's post in team",
    payload: async () => ({ messageId: (await w.post('member', 'x')).id }),
    allowed: ['member', 'curator'],
  },
  {
    name: 'message:delete',
    label: "curator's post in team",
    payload: async () => ({ messageId: (await w.post('curator', 'x')).id }),
    allowed: ['curator'],
  },
  {
    name: 'message:delete',
    label: "curator's post in org stream",
    payload: async () => ({ messageId: (await w.post('curator', 'x', w.orgStream.id)).id }),
    allowed: ['curator', 'admin'],
  },
  {
    name: 'reaction:toggle',
    label: 'team post',
    payload: async () => ({ messageId: (await w.post('member', 'x')).id, emoji: '👍' }),
    allowed: teamOnly,
  },
  {
    name: 'reaction:toggle',
    label: 'org post',
    payload: async () => ({ messageId: (await w.post('member', 'x', w.orgStream.id)).id, emoji: '👍' }),
    allowed: orgWide,
  },
  {
    name: 'read:mark',
    label: 'team stream',
    payload: async () => ({ streamId: w.design.id, seq: 1 }),
    allowed: teamOnly,
  },
  {
    name: 'read:mark',
    label: 'org stream',
    payload: async () => ({ streamId: w.orgStream.id, seq: 1 }),
    allowed: orgWide,
  },
  {
    name: 'promotion:propose',
    label: "member's post",
    payload: async () => ({ messageId: (await w.post('member', 'x')).id, clientId: uuidv7() }),
    allowed: teamOnly,
  },
  {
    name: 'promotion:consent',
    label: 'proposal awaiting the member',
    payload: async () => ({ promotionId: (await w.proposal('curator')).id, accept: true }),
    allowed: ['member'],
  },
  {
    name: 'promotion:decide',
    label: 'awaiting approval',
    payload: async () => ({ promotionId: (await w.proposal('member')).id, approve: true }),
    allowed: ['curator', 'admin'],
  },
  {
    name: 'promotion:withdraw',
    label: "curator's proposal of member's post",
    payload: async () => ({ promotionId: (await w.proposal('curator')).id }),
    allowed: ['member', 'curator'],
  },
  {
    name: 'promotion:requestUnpublish',
    label: "member's published post",
    payload: async () => ({ promotionId: (await w.published()).id }),
    allowed: ['member'],
  },
  {
    name: 'promotion:unpublish',
    label: "member's published post",
    payload: async () => ({ promotionId: (await w.published()).id }),
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
    payload: async () => ({ apiTokenId: (await ok(w.sockets.member, 'apitoken:create', { name: 'bot' })).apiToken.id }),
    allowed: ['member'],
    denial: 'NOT_FOUND',
  },
  // integrations of a team stream: its curators and org admins (members of the team or not) manage them
  {
    name: 'integration:create',
    label: 'team stream',
    payload: async () => ({ streamId: w.design.id, name: 'CI' }),
    allowed: ['curator', 'admin'],
  },
  {
    name: 'integration:list',
    label: 'team stream',
    payload: async () => ({ streamId: w.design.id }),
    allowed: ['curator', 'admin'],
  },
  {
    name: 'integration:revoke',
    label: "the team's integration",
    payload: async () => ({
      integrationId: (await ok(w.sockets.curator, 'integration:create', { streamId: w.design.id, name: 'CI' }))
        .integration.id,
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
    payload: async () => ({ messageId: (await w.post('member', 'x')).id }),
    allowed: ['member', 'curator'],
  },
  {
    name: 'message:history',
    label: "member's post in org stream",
    payload: async () => ({ messageId: (await w.post('member', 'x', w.orgStream.id)).id }),
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
    payload: async () => ({ teamId: w.design.teamId!, days: null }),
    allowed: ['admin'],
    ownOrg: true,
  },
  {
    name: 'retention:period',
    label: 'team stream',
    payload: async () => ({ streamId: w.design.id }),
    allowed: teamOnly,
  },
  {
    name: 'retention:period',
    label: 'org stream',
    payload: async () => ({ streamId: w.orgStream.id }),
    allowed: orgWide,
  },
  {
    name: 'search',
    label: 'team stream',
    payload: async () => ({ query: 'hi', streamId: w.design.id }),
    allowed: teamOnly,
  },
  {
    name: 'search',
    label: 'org stream',
    payload: async () => ({ query: 'hi', streamId: w.orgStream.id }),
    allowed: orgWide,
  },
  // never refused: only the streams the caller reads are searched (search.test.ts)
  { name: 'search', label: 'every readable stream', payload: async () => ({ query: 'hi' }), allowed: ACTORS },
  // never refused: only messages of streams the caller can read are counted and listed (tags.test.ts)
  { name: 'tag:messages', label: 'any tag', payload: async () => ({ tag: 'design' }), allowed: ACTORS },
  { name: 'tag:top', label: 'team stream', payload: async () => ({ streamId: w.design.id }), allowed: teamOnly },
  { name: 'tag:top', label: 'org stream', payload: async () => ({ streamId: w.orgStream.id }), allowed: orgWide },
  {
    name: 'message:tag',
    label: "member's post in team",
    payload: async () => ({ messageId: (await w.post('member', 'x')).id, tag: 'later' }),
    allowed: ['member', 'curator'],
  },
  {
    name: 'message:tag',
    label: "curator's post in team",
    payload: async () => ({ messageId: (await w.post('curator', 'x')).id, tag: 'later' }),
    allowed: ['curator'],
  },
  {
    name: 'message:tag',
    label: "curator's post in org stream",
    payload: async () => ({ messageId: (await w.post('curator', 'x', w.orgStream.id)).id, tag: 'later' }),
    allowed: ['curator', 'admin'],
  },
  // the audit trail: org admins (and compliance, auditViewer.test.ts) of their own organization only
  { name: 'audit:list', label: 'own organization', payload: async () => ({}), allowed: ['admin'], ownOrg: true },
  // anyone may open a conversation with a colleague; another organization's person answers like nobody
  {
    name: 'dm:open',
    label: 'with colleagues',
    payload: async () => ({ userIds: [w.carolId, w.daveId] }),
    allowed: ['otherTeam', 'member', 'curator', 'admin'],
  },
  // everyone in the organization may open a profile (which fields they see: profiles.test.ts);
  // another organization's user answers like a missing one
  {
    name: 'profile:get',
    label: "the member's profile",
    payload: async () => ({ userId: (await ok(w.sockets.member, 'hello', {})).user.id }),
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
    payload: async () => ({ teamId: w.design.teamId }),
    allowed: ['member', 'curator', 'admin'],
  },
  {
    name: 'guidelines:version',
    label: 'team, version 1',
    payload: async () => ({ teamId: w.design.teamId, version: await w.designVersion() }),
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
    payload: async () => ({ teamId: w.design.teamId, body: 'Be kind in Design.' }),
    allowed: ['curator', 'admin'],
  },
  // never turned on here: the other cases post in Design
  {
    name: 'guidelines:require',
    label: 'team',
    payload: async () => ({ teamId: w.design.teamId, required: false }),
    allowed: ['curator', 'admin'],
  },
  // another organization's user finds no such version in their own organization
  {
    name: 'guidelines:acknowledge',
    label: 'org, current version',
    payload: async () => ({ version: await w.orgVersion() }),
    allowed: orgWide,
    denial: 'NOT_FOUND',
  },
  {
    name: 'guidelines:acknowledge',
    label: 'team, current version',
    payload: async () => ({ teamId: w.design.teamId, version: await w.designVersion() }),
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
    payload: async () => ({ teamId: w.design.teamId }),
    allowed: ['curator', 'admin'],
  },
  { name: 'guidelines:export', label: 'org', payload: async () => ({}), allowed: ['admin'], ownOrg: true },
  {
    name: 'guidelines:export',
    label: 'team',
    payload: async () => ({ teamId: w.design.teamId }),
    allowed: ['curator', 'admin'],
  },
  // presence and typing: only a stream's readers learn who is online or typing there (presence.test.ts)
  { name: 'presence:list', label: 'team stream', payload: async () => ({ streamId: w.design.id }), allowed: teamOnly },
  { name: 'presence:list', label: 'org stream', payload: async () => ({ streamId: w.orgStream.id }), allowed: orgWide },
  { name: 'presence:get', label: 'own choice', payload: async () => ({}), allowed: ACTORS },
  // setting it back to what it is: the other cases' presence stays as it was
  { name: 'presence:set', label: 'own choice', payload: async () => ({ visible: true }), allowed: ACTORS },
  {
    name: 'typing:signal',
    label: 'team stream',
    payload: async () => ({ streamId: w.design.id, typing: false }),
    allowed: teamOnly,
  },
  {
    name: 'typing:signal',
    label: 'org stream',
    payload: async () => ({ streamId: w.orgStream.id, typing: false }),
    allowed: orgWide,
  },
];

describe('authorization matrix', () => {
  it('covers every request', () => {
    const covered = requestsWithCases();
    expect(socketRequestNames.filter((name) => !covered.has(name))).toEqual([]);
  });

  it('refuses anonymous and forged handshakes before any request', async () => {
    await expect(connect(w.ts.url, null)).rejects.toThrow('UNAUTHENTICATED');
    await expect(connect(w.ts.url, 'x'.repeat(43))).rejects.toThrow('UNAUTHENTICATED');
  });

  it('answers UNAUTHENTICATED to every request once the session has expired, and disconnects', async () => {
    for (const name of socketRequestNames) {
      const session = await login(w.ts.url, 'carol@acme.test');
      const socket = await connect(w.ts.url, session.token);
      let disconnected = false;
      socket.on('disconnect', () => (disconnected = true));
      await rawSql(w.ts, (sql) =>
        sql.run('UPDATE tokens SET expires_at = 1 WHERE token_hash = ?', [hashToken(session.token)]),
      );
      const ack = await request(socket, name, {});
      expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      await waitFor(() => disconnected);
      socket.close();
    }
  });

  runMatrix(w, cases);

  it('keeps organizations apart in the directory and the queue', async () => {
    const dir = await ok(w.sockets.otherOrg, 'directory:list', {});
    expect(dir.users.map((u) => u.email)).toEqual(['zed@globex.test']);
    expect(dir.teams.map((t) => t.handle)).toEqual(['ops']);
    const queue = await ok(w.sockets.otherOrg, 'promotion:list', { scope: 'queue' });
    expect(queue.promotions).toEqual([]);
    const streams = (await ok(w.sockets.otherOrg, 'hello', {})).streams.map((s) => s.name);
    expect(streams).toEqual(['Globex', 'Ops']);
  });
});

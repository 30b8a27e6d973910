// The admin console's requests on a real server with real sockets: each change is audited with the
// admin as its actor and reaches the affected users' open sockets without a reconnect, within 1 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { ServerPush } from '../../shared/protocol/index';
import { adminMain } from '../../server/admin/cli';
import {
  collect,
  connect,
  login,
  loginAndConnect,
  ok,
  readStore,
  request,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

const LIVE_MS = 1000;
let ts: TestServer;
let dave: ClientSocket; // org admin
let bob: ClientSocket; // Design member
let carol: ClientSocket; // Engineering member
let daveId = '';
const userId = async (email: string) => (await ok(dave, 'admin:users', {})).users.find((u) => u.email === email)!.id;
const teamId = async (handle: string) => (await ok(dave, 'admin:teams', {})).teams.find((t) => t.handle === handle)!.id;
const lastAudit = (action: string) => readStore(ts, async (tx) => (await tx.audit.list({ action, limit: 1 }))[0]);

beforeAll(async () => {
  ts = await startTestServer({ adminPollMs: 50 });
  const session = await loginAndConnect(ts.url, 'dave@acme.test');
  dave = session.socket;
  daveId = session.user.id;
  bob = (await loginAndConnect(ts.url, 'bob@acme.test')).socket;
  carol = (await loginAndConnect(ts.url, 'carol@acme.test')).socket;
});
afterAll(async () => {
  for (const s of [dave, bob, carol]) s.close();
  await ts.close();
});

describe('admin console: users', () => {
  it('adds a user with a generated password, shown once, that logs in; audited with the admin', async () => {
    const added = await ok(dave, 'admin:addUser', { email: ' Erin@Acme.test ', name: 'Erin Ek' });
    expect(added.user).toMatchObject({
      email: 'erin@acme.test',
      name: 'Erin Ek',
      orgRole: 'member',
      deactivated: false,
    });
    expect(added.password).toMatch(/^[\w-]{24}$/);
    expect((await login(ts.url, 'erin@acme.test', added.password)).user.id).toBe(added.user.id);
    expect(await lastAudit('user.add')).toMatchObject({ actorId: daveId, target: added.user.id });
    const listed = await ok(dave, 'admin:users', {});
    expect(listed.users.map((u) => u.email)).toContain('erin@acme.test');
  });

  it('refuses bad input with the field', async () => {
    const weak = await request(dave, 'admin:addUser', { email: 'fay@acme.test', name: 'Fay', password: 'short' });
    expect(weak).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'password' } });
    const twice = await request(dave, 'admin:addUser', { email: 'bob@acme.test', name: 'Bob again' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'email' } });
    const email = await request(dave, 'admin:addUser', { email: 'not-an-email', name: 'X' });
    expect(email).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'email' } });
    const self = await request(dave, 'admin:setOrgRole', { userId: daveId, orgRole: 'member' });
    expect(self).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'userId' } });
  });

  it("pushes an org role change to the user's sockets within 1 s", async () => {
    const seen = collect<ServerPush<'user:changed'>>(carol, 'user:changed');
    const started = Date.now();
    const changed = await ok(dave, 'admin:setOrgRole', {
      userId: await userId('carol@acme.test'),
      orgRole: 'compliance',
    });
    expect(changed.user.orgRole).toBe('compliance');
    await waitFor(() => seen.length === 1, LIVE_MS);
    expect(Date.now() - started).toBeLessThan(LIVE_MS);
    expect(seen[0]!.user).toMatchObject({ email: 'carol@acme.test', orgRole: 'compliance' });
    expect(await lastAudit('org.role')).toMatchObject({ actorId: daveId, detail: { role: 'compliance' } });
    await ok(dave, 'admin:setOrgRole', { userId: await userId('carol@acme.test'), orgRole: 'member' });
  });

  it('resets a password: sessions end, the generated password logs in', async () => {
    const gus = await ok(dave, 'admin:addUser', { email: 'gus@acme.test', name: 'Gus' });
    const socket = await connect(ts.url, (await login(ts.url, 'gus@acme.test', gus.password)).token);
    let dropped = false;
    socket.on('disconnect', () => (dropped = true));
    const reset = await ok(dave, 'admin:resetPassword', { userId: gus.user.id });
    expect(reset.revokedSessions).toBe(1);
    await waitFor(() => dropped, LIVE_MS);
    await expect(login(ts.url, 'gus@acme.test', gus.password)).rejects.toThrow('401');
    expect((await login(ts.url, 'gus@acme.test', reset.password)).user.email).toBe('gus@acme.test');
    socket.close();
  });

  it('deactivates a user: their socket drops and login answers DEACTIVATED', async () => {
    const hal = await ok(dave, 'admin:addUser', {
      email: 'hal@acme.test',
      name: 'Hal',
      password: 'hal passphrase 2026',
    });
    const socket = await connect(ts.url, (await login(ts.url, 'hal@acme.test', 'hal passphrase 2026')).token);
    let dropped = false;
    socket.on('disconnect', () => (dropped = true));
    const done = await ok(dave, 'admin:deactivate', { userId: hal.user.id });
    expect(done.user.deactivated).toBe(true);
    await waitFor(() => dropped, LIVE_MS);
    await expect(login(ts.url, 'hal@acme.test', 'hal passphrase 2026')).rejects.toThrow('DEACTIVATED');
    expect((await ok(dave, 'admin:users', {})).users.find((u) => u.id === hal.user.id)?.deactivated).toBe(true);
    socket.close();
  });
});

describe('admin console: teams and memberships', () => {
  it('adds a member: their open socket gets the stream within 1 s; removing takes it away', async () => {
    const team = (await ok(dave, 'admin:addTeam', { name: 'Research', policy: 'open' })).team;
    expect(team).toMatchObject({ name: 'Research', handle: 'research', policy: 'open', members: [] });
    const added = collect<ServerPush<'stream:added'>>(bob, 'stream:added');
    const removed = collect<ServerPush<'stream:removed'>>(bob, 'stream:removed');
    const bobId = await userId('bob@acme.test');
    const after = await ok(dave, 'admin:setMember', { teamId: team.id, userId: bobId, role: 'curator' });
    expect(after.team.members).toEqual([{ userId: bobId, role: 'curator' }]);
    await waitFor(() => added.length === 1, LIVE_MS);
    expect(added[0]!.stream).toMatchObject({ id: team.streamId, name: 'Research', role: 'curator' });
    // bob can post there at once, on the same socket
    await ok(bob, 'message:send', { streamId: team.streamId, clientId: uuidv7(), body: 'hello research' });
    await ok(dave, 'admin:removeMember', { teamId: team.id, userId: bobId });
    await waitFor(() => removed.length === 1, LIVE_MS);
    expect(removed[0]!.streamId).toBe(team.streamId);
    expect(await lastAudit('member.remove')).toMatchObject({ actorId: daveId, target: bobId });
  });

  it("renames a team: its members' sockets get the new name, the handle stays", async () => {
    const seen = collect<ServerPush<'stream:changed'>>(bob, 'stream:changed');
    const renamed = await ok(dave, 'admin:renameTeam', { teamId: await teamId('design'), name: 'Product Design' });
    expect(renamed.team).toMatchObject({ name: 'Product Design', handle: 'design' });
    await waitFor(() => seen.length === 1, LIVE_MS);
    expect(seen[0]!.stream.name).toBe('Product Design');
    expect((await ok(bob, 'hello', {})).streams.map((s) => s.name)).toContain('Product Design');
    expect(await lastAudit('team.rename')).toMatchObject({ actorId: daveId, detail: { previous: 'Design' } });
  });

  it('renames through the CLI too, replayed live to members', async () => {
    const seen = collect<ServerPush<'stream:changed'>>(bob, 'stream:changed');
    const cli = await adminMain([
      'rename-team',
      '--org',
      'Acme',
      '--team',
      'design',
      '--name',
      'Design',
      '--json',
      ...ts.storage.cliArgs,
    ]);
    expect(cli.code).toBe(0);
    await waitFor(() => seen.length === 1, LIVE_MS);
    expect(seen[0]!.stream.name).toBe('Design');
  });

  it('sets the sharing policy and refuses a handle that is taken', async () => {
    const design = await teamId('design');
    expect((await ok(dave, 'admin:setTeamPolicy', { teamId: design, policy: 'open' })).team.policy).toBe('open');
    await ok(dave, 'admin:setTeamPolicy', { teamId: design, policy: 'approval' });
    const taken = await request(dave, 'admin:addTeam', { name: 'Design 2', handle: 'design' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'handle' } });
  });
});

describe('admin console: link policy and API tokens', () => {
  it('pushes a new link policy to everyone within 1 s, and the server enforces it', async () => {
    const seen = collect<ServerPush<'urlPolicy:changed'>>(carol, 'urlPolicy:changed');
    const set = await ok(dave, 'admin:setUrlPolicy', { allow: [], deny: ['Evil.Test', 'evil.test'] });
    expect(set.urlPolicy).toEqual({ allow: [], deny: ['evil.test'] });
    await waitFor(() => seen.length === 1, LIVE_MS);
    expect(seen[0]!.urlPolicy.deny).toEqual(['evil.test']);
    expect((await ok(dave, 'admin:urlPolicy', {})).urlPolicy.deny).toEqual(['evil.test']);
    const engineering = (await ok(carol, 'hello', {})).streams.find((s) => s.name === 'Engineering')!;
    const blocked = await request(carol, 'message:send', {
      streamId: engineering.id,
      clientId: uuidv7(),
      body: 'see https://www.evil.test/x',
    });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'POLICY_BLOCKED' } });
    const bad = await request(dave, 'admin:setUrlPolicy', { allow: [], deny: ['not a domain'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'deny' } });
    await ok(dave, 'admin:setUrlPolicy', { allow: [], deny: [] });
  });

  it("lists everyone's live API tokens with their owner and revokes one", async () => {
    const { apiToken } = await ts.server.admin.createApiToken({ email: 'bob@acme.test', name: 'deploy bot' });
    const listed = await ok(dave, 'admin:apiTokens', {});
    expect(listed.apiTokens.find((t) => t.id === apiToken.id)).toMatchObject({
      name: 'deploy bot',
      userEmail: 'bob@acme.test',
      userName: 'Bob Baker',
    });
    const revoked = await ok(dave, 'admin:revokeApiToken', { apiTokenId: apiToken.id });
    expect(revoked.apiToken).toMatchObject({ id: apiToken.id, userEmail: 'bob@acme.test' });
    expect((await ok(dave, 'admin:apiTokens', {})).apiTokens.map((t) => t.id)).not.toContain(apiToken.id);
    expect(await lastAudit('api_token.revoke')).toMatchObject({ actorId: daveId, detail: { tokenId: apiToken.id } });
    const again = await request(dave, 'admin:revokeApiToken', { apiTokenId: apiToken.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'apiTokenId' } });
  });
});

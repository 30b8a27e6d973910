// Archiving a team (docs/governance.md#archived-teams) on a real server with real sockets, on either
// engine: every path that adds to the stream is refused with FORBIDDEN "this team is archived" (socket
// sends and replies, reactions, tags, proposals, file uploads, the Flowdock-compatible API and
// integration posts), reads and the author's own edits and deletions keep working, the change is
// audited and reaches the members' open sockets within 1 s, from the console and from the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, ServerPush, Stream } from '../../shared/protocol/index';
import { adminMain } from '../../server/admin/cli';
import { api, basicAuth, createApiToken } from '../helpers/flowdock';
import { png, upload } from '../helpers/files';
import {
  afterSentinel,
  collect,
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
const REFUSAL = { ok: false, error: { code: 'FORBIDDEN', message: 'this team is archived' } };
let ts: TestServer;
let alice: ClientSocket; // Vault curator
let bob: ClientSocket; // Vault member
let carol: ClientSocket; // not in Vault
let dave: ClientSocket; // org admin, not in Vault
let bobSession = '';
let daveId = '';
let bobApiToken = '';
let flowToken = '';
let vault: Stream;
let teamId = '';
let before: Message; // bob's post from before the archive

const lastAudit = (action: string) => readStore(ts, async (tx) => (await tx.audit.list({ action, limit: 1 }))[0]);
const cli = (...argv: string[]) => adminMain([...argv, '--json', ...ts.storage.cliArgs]);
const send = (socket: ClientSocket, body: string, threadRootId?: string) =>
  request(socket, 'message:send', {
    streamId: vault.id,
    clientId: uuidv7(),
    body,
    ...(threadRootId ? { threadRootId } : {}),
  });
const setArchived = (archived: boolean) => ok(dave, 'admin:archiveTeam', { teamId, archived });

beforeAll(async () => {
  ts = await startTestServer({ adminPollMs: 50, rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  teamId = (await admin.addTeam({ org: 'Acme', name: 'Vault', handle: 'vault' })).id;
  await admin.addMember({ email: 'alice@acme.test', team: 'vault', role: 'curator' });
  await admin.addMember({ email: 'bob@acme.test', team: 'vault' });
  alice = (await loginAndConnect(ts.url, 'alice@acme.test')).socket;
  const bobs = await loginAndConnect(ts.url, 'bob@acme.test');
  bob = bobs.socket;
  bobSession = bobs.token;
  carol = (await loginAndConnect(ts.url, 'carol@acme.test')).socket;
  const daves = await loginAndConnect(ts.url, 'dave@acme.test');
  dave = daves.socket;
  daveId = daves.user.id;
  vault = (await ok(alice, 'hello', {})).streams.find((s) => s.name === 'Vault')!;
  bobApiToken = await createApiToken(bob);
  flowToken = (await ok(alice, 'integration:create', { streamId: vault.id, name: 'CI' })).flowToken;
  before = (await ok(bob, 'message:send', { streamId: vault.id, clientId: uuidv7(), body: 'xylograph notes' })).message;
});
afterAll(async () => {
  for (const s of [alice, bob, carol, dave]) s.close();
  await ts.close();
});

describe('archiving a team', () => {
  it("archives through admin:archiveTeam: audited, its members' sockets hear it within 1 s, others do not", async () => {
    const bobs = collect<ServerPush<'stream:changed'>>(bob, 'stream:changed');
    const carols = collect<ServerPush<'stream:changed'>>(carol, 'stream:changed');
    const answer = await setArchived(true);
    expect(answer.team).toMatchObject({ id: teamId, handle: 'vault', archived: true });
    await waitFor(() => bobs.length === 1, LIVE_MS);
    expect(bobs[0]!.stream).toMatchObject({ id: vault.id, name: 'Vault', role: 'member', archived: true });
    expect(await lastAudit('team.archive')).toMatchObject({
      actorId: daveId,
      target: teamId,
      detail: { teamId, via: 'server' },
    });
    expect((await ok(dave, 'admin:teams', {})).teams.find((t) => t.id === teamId)?.archived).toBe(true);
    // carol is in no way part of Vault: her own role change is the sentinel that proves she heard nothing
    await afterSentinel<ServerPush<'user:changed'>>(
      carol,
      'user:changed',
      () => true,
      () => ts.server.admin.setOrgRole({ email: 'carol@acme.test', role: 'member' }),
    );
    expect(carols).toEqual([]);
  });

  it('changes nothing, and audits nothing, when asked for the state it is in', async () => {
    const first = await lastAudit('team.archive');
    expect((await setArchived(true)).team.archived).toBe(true);
    expect((await lastAudit('team.archive'))!.id).toBe(first!.id);
  });

  it('refuses new posts, replies, reactions, tags and proposals over the socket protocol', async () => {
    expect(await send(bob, 'anyone there?')).toMatchObject(REFUSAL);
    expect(await send(alice, 'a reply', before.id)).toMatchObject(REFUSAL);
    expect(await request(alice, 'reaction:toggle', { messageId: before.id, emoji: '👍' })).toMatchObject(REFUSAL);
    expect(await request(alice, 'message:tag', { messageId: before.id, tag: 'late' })).toMatchObject(REFUSAL);
    const propose = await request(bob, 'promotion:propose', { messageId: before.id, clientId: uuidv7() });
    expect(propose).toMatchObject(REFUSAL);
    const sharing = await ok(bob, 'promotion:permissions', { messageIds: [before.id] });
    expect(sharing.permissions).toEqual([{ messageId: before.id, propose: false, unpublish: false }]);
  });

  it('refuses the Flowdock-compatible API, integration posts and file uploads', async () => {
    const posted = await api(ts.url, '/flows/acme/vault/messages', {
      method: 'POST',
      auth: basicAuth(bobApiToken),
      json: { event: 'message', content: 'from a bot' },
    });
    expect(posted.status).toBe(403);
    expect(posted.body.message).toBe('this team is archived');
    const integration = await api(ts.url, '/messages', {
      method: 'POST',
      json: { flow_token: flowToken, event: 'message', content: 'build 7 is green' },
    });
    expect(integration.status).toBe(403);
    const file = await upload(ts.url, bobSession, vault.id, 'pic.png', await png(4, 4));
    expect(file.status).toBe(403);
    expect(file.json.error).toMatchObject({ code: 'FORBIDDEN' });
    // nothing of it landed: the stream holds only bob's post from before
    const sync = await ok(bob, 'sync', { streamId: vault.id, afterSeq: 0 });
    expect(sync.events.filter((e) => e.type === 'message:created').map((e) => e.message?.id)).toEqual([before.id]);
  });

  it('keeps its history readable: hello, sync, search and the Flowdock API', async () => {
    const listed = (await ok(bob, 'hello', {})).streams.find((s) => s.id === vault.id);
    expect(listed).toMatchObject({ archived: true, role: 'member' });
    expect((await ok(bob, 'hello', {})).streams.find((s) => s.kind === 'org')?.archived).toBeUndefined();
    const sync = await ok(alice, 'sync', { streamId: vault.id, afterSeq: 0 });
    expect(sync.events.some((e) => e.message?.id === before.id)).toBe(true);
    const hits = (await ok(alice, 'search', { query: 'xylograph' })).hits.map((h) => h.message.id);
    expect(hits).toContain(before.id);
    const read = await api(ts.url, '/flows/acme/vault/messages', { auth: basicAuth(bobApiToken) });
    expect(read.status).toBe(200);
  });

  it('lets authors edit and delete their own words', async () => {
    const edited = await ok(bob, 'message:edit', { messageId: before.id, body: 'xylograph notes (redacted)' });
    expect(edited.message.body).toBe('xylograph notes (redacted)');
    expect((await ok(bob, 'message:delete', { messageId: before.id })).message.deletedAt).not.toBeNull();
  });

  it('refuses bad input and teams that are not the caller organization’s', async () => {
    const bad = await request(dave, 'admin:archiveTeam', { teamId, archived: 'yes' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    const missing = await request(dave, 'admin:archiveTeam', { teamId: 'not-an-id', archived: true });
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    const unknown = await request(dave, 'admin:archiveTeam', { teamId: uuidv7(), archived: true });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'teamId' } });
    const extra = await request(dave, 'admin:archiveTeam', { teamId, archived: true, reason: 'x' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID' } });
  });

  it('opens it again through the console: posting works once more, audited as team.unarchive', async () => {
    const bobs = collect<ServerPush<'stream:changed'>>(bob, 'stream:changed');
    expect((await setArchived(false)).team.archived).toBe(false);
    await waitFor(() => bobs.length === 1, LIVE_MS);
    expect(bobs[0]!.stream.archived).toBeUndefined();
    expect(await lastAudit('team.unarchive')).toMatchObject({ actorId: daveId, target: teamId });
    expect(await send(bob, 'back again')).toMatchObject({ ok: true });
  });
});

describe('archiving through the admin CLI', () => {
  it('archives and opens again with archive-team / unarchive-team, replayed live to members', async () => {
    const alices = collect<ServerPush<'stream:changed'>>(alice, 'stream:changed');
    const archived = await cli('archive-team', '--org', 'Acme', '--team', 'vault');
    expect(archived.code).toBe(0);
    await waitFor(() => alices.length === 1, LIVE_MS);
    expect(alices[0]!.stream).toMatchObject({ id: vault.id, role: 'curator', archived: true });
    expect(await lastAudit('team.archive')).toMatchObject({ actorId: null, detail: { via: 'admin-cli' } });
    expect(await send(alice, 'refused')).toMatchObject(REFUSAL);
    expect((await cli('unarchive-team', '--org', 'Acme', '--team', 'vault')).code).toBe(0);
    await waitFor(() => alices.length === 2, LIVE_MS);
    expect(alices[1]!.stream.archived).toBeUndefined();
    expect(await send(alice, 'open again')).toMatchObject({ ok: true });
  });

  it('refuses an unknown team or a missing flag', async () => {
    expect((await cli('archive-team', '--org', 'Acme', '--team', 'nope')).code).not.toBe(0);
    expect((await cli('archive-team', '--org', 'Acme')).code).not.toBe(0);
  });
});

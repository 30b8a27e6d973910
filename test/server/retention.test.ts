// Retention and legal hold (docs/governance.md#retention-and-legal-hold), on both engines: periods set
// by org admins and the CLI, a purge that removes exactly what expired (never what a hold keeps) and
// announces it in each stream's gap-free log, holds that keep a deleted message for compliance only,
// and one purge at a time however many nodes run it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, Stream, StreamEvent } from '../../shared/protocol/index';
import { adminMain } from '../../server/admin/cli';
import { RetentionAdmin } from '../../server/admin/retention.admin';
import { runRetentionPass } from '../../server/jobs/retentionJob';
import {
  collect,
  connectDemoUsers,
  loginAndConnect,
  ok,
  rawSql,
  readStore,
  request,
  startTestServer,
  streamNamed,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

const DAY = 86_400_000;

let ts: TestServer;
let alice: ClientSocket; // Design curator; curator of Vault
let bob: ClientSocket; // Design member; member of Vault
let dave: ClientSocket; // org admin
let auditor: ClientSocket; // compliance
let vault: Stream;
let orgStream: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  await admin.addTeam({ org: 'Acme', name: 'Vault', handle: 'vault' });
  await admin.addMember({ email: 'alice@acme.test', team: 'vault', role: 'curator' });
  await admin.addMember({ email: 'bob@acme.test', team: 'vault' });
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
    name: 'Zed Zimmer',
    password: 'globex-password',
    orgRole: 'admin',
  });
  [alice, bob, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'dave'] as const);
  auditor = (await loginAndConnect(ts.url, 'erin@acme.test', 'compliance-passphrase')).socket;
  vault = await streamNamed(bob, 'Vault');
  orgStream = await streamNamed(bob, 'Acme');
});
afterAll(async () => {
  for (const socket of [alice, bob, dave, auditor]) socket.close();
  await ts.close();
});

const send = async (socket: ClientSocket, body: string, threadRootId?: string): Promise<Message> =>
  (
    await ok(socket, 'message:send', {
      streamId: vault.id,
      clientId: uuidv7(),
      body,
      ...(threadRootId ? { threadRootId } : {}),
    })
  ).message;

/** Makes messages look `days` old (the purge measures age by created_at). */
const age = (ids: string[], days: number) =>
  rawSql(ts, async (sql) => {
    for (const id of ids)
      await sql.run('UPDATE messages SET created_at = ? WHERE id = ?', [Date.now() - days * DAY, id]);
  });

const stored = (ids: string[]) =>
  rawSql(ts, async (sql) => {
    const rows = await sql.all<{ id: string }>(`SELECT id FROM messages WHERE ${sql.dialect.inList('id')}`, [
      sql.dialect.listParam(ids),
    ]);
    return new Set(rows.map((r) => r.id));
  });

/** Rows of a table that still point at one of the messages. */
const leftovers = (table: string, ids: string[]) =>
  rawSql(ts, async (sql) => {
    const row = await sql.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${table} WHERE ${sql.dialect.inList('message_id')}`,
      [sql.dialect.listParam(ids)],
    );
    return Number(row?.n ?? 0);
  });

/** A stream's whole log, checked to be gap-free from seq 1 to its head. */
const wholeLog = async (streamId: string): Promise<StreamEvent[]> => {
  const events: StreamEvent[] = [];
  for (let after = 0; ;) {
    const page = await ok(alice, 'sync', { streamId, afterSeq: after, limit: 500 });
    events.push(...page.events);
    if (!page.hasMore || page.events.length === 0) {
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: page.headSeq }, (_, i) => i + 1));
      return events;
    }
    after = page.events[page.events.length - 1]!.seq;
  }
};

const pass = () => ts.server.retention.runPass();

describe('retention settings', () => {
  it('lets an org admin set the org default and team overrides, audited', async () => {
    const set = await ok(dave, 'retention:set', { days: 365 });
    expect(set.settings).toEqual({ orgDays: 365, teams: [] });
    const team = await ok(dave, 'retention:set', { teamId: vault.teamId!, days: 30 });
    expect(team.settings).toEqual({ orgDays: 365, teams: [{ teamId: vault.teamId, days: 30 }] });
    expect((await ok(dave, 'retention:get', {})).settings).toEqual(team.settings);
    await ok(dave, 'retention:set', { days: null });
    expect((await ok(dave, 'retention:get', {})).settings.orgDays).toBeNull();
    const audit = await ts.server.admin.listAudit({ org: 'Acme', action: 'org.retention' });
    expect(audit.map((r) => r.detail)).toEqual([
      { teamId: null, days: null, previous: 365, via: 'server' },
      { teamId: vault.teamId, days: 30, previous: 'org default', via: 'server' },
      { teamId: null, days: 365, previous: null, via: 'server' },
    ]);
  });

  it('refuses bad periods naming the field, and teams of another organization', async () => {
    for (const days of [0, -5, 2.5, 36_501, '30'])
      expect(await request(dave, 'retention:set', { days })).toMatchObject({
        ok: false,
        error: { code: 'INVALID', field: 'days' },
      });
    const zed = (await loginAndConnect(ts.url, 'zed@globex.test', 'globex-password')).socket;
    expect(await request(zed, 'retention:set', { teamId: vault.teamId!, days: 1 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'teamId' },
    });
    expect((await ok(zed, 'retention:get', {})).settings).toEqual({ orgDays: null, teams: [] });
    zed.close();
  });
});

describe('the purge', () => {
  it('removes exactly the expired messages with everything hanging on them, and tells every cache', async () => {
    await ok(dave, 'retention:set', { teamId: vault.teamId!, days: 30 });
    const plain = await send(bob, 'expired plain note');
    const rich = await send(bob, 'expired #ledger note for @alice');
    await ok(bob, 'message:edit', { messageId: rich.id, body: 'expired #ledger note for @alice, edited' });
    await ok(alice, 'reaction:toggle', { messageId: rich.id, emoji: '👍' });
    const root = await send(bob, 'expired root with a fresh reply');
    const freshReply = await send(alice, 'fresh reply', root.id);
    const gone = await send(bob, 'expired root, expired reply');
    const goneReply = await send(alice, 'expired reply', gone.id);
    const keptRoot = await send(alice, 'kept root: its author is held');
    const expiredReplyOfKept = await send(bob, 'expired reply under a held root', keptRoot.id);
    const fresh = await send(bob, 'fresh note');
    const expired = [plain, rich, gone, goneReply, expiredReplyOfKept].map((m) => m.id);
    await age([...expired, root.id, keptRoot.id], 40);
    await age([freshReply.id, fresh.id], 10);
    const hold = await new RetentionAdmin(ts.server.store).hold({
      org: 'Acme',
      email: 'alice@acme.test',
      reason: 'case 42',
    });
    // alice's old reply to `gone` is held too, so `gone` (a root with a reply that stays) stays
    const keptByHeldReply = [gone.id, goneReply.id];
    const purged = expired.filter((id) => !keptByHeldReply.includes(id));

    const pushes = collect<StreamEvent>(bob, 'event');
    const result = await pass();
    expect(result).toMatchObject({ skipped: false, purged: purged.length, copies: 0 });
    expect(await stored(purged)).toEqual(new Set());
    expect(await stored([root.id, freshReply.id, keptRoot.id, fresh.id, ...keptByHeldReply])).toHaveProperty('size', 6);
    for (const table of ['message_edits', 'reactions', 'message_mentions', 'message_tags'])
      expect(await leftovers(table, purged)).toBe(0);
    // the held root's reply count dropped with its purged reply
    const [kept] = await readStore(ts, (tx) => tx.messages.getMany([keptRoot.id]));
    expect(kept?.replyCount).toBe(0);

    // connected clients hear it as one log entry, with the roots' new counts
    await waitFor(() => pushes.some((e) => e.type === 'messages:purged'));
    const event = pushes.find((e) => e.type === 'messages:purged')!;
    expect(new Set(event.purge?.messageIds)).toEqual(new Set(purged));
    expect(event.purge?.threadRoots).toEqual([{ messageId: keptRoot.id, replyCount: 0 }]);
    expect(event).toMatchObject({ streamId: vault.id, message: null, promotion: null });

    // a client catching up later reads a gap-free log that never serves the purged bodies again
    const log = await wholeLog(vault.id);
    expect(log.filter((e) => e.type === 'messages:purged')).toHaveLength(1);
    const text = JSON.stringify(log);
    for (const body of ['expired plain note', '#ledger', 'expired reply under a held root'])
      expect(text).not.toContain(body);
    expect(text).toContain('fresh note');
    // nor does server search find them
    expect((await ok(bob, 'search', { query: 'ledger' })).hits).toEqual([]);
    expect((await ok(bob, 'search', { query: 'fresh note' })).hits.length).toBeGreaterThan(0);
    const audit = await ts.server.admin.listAudit({ org: 'Acme', action: 'retention.purge' });
    expect(audit[0]).toMatchObject({ target: vault.id, detail: { messages: purged.length, days: 30 } });

    // a second pass finds nothing; releasing the hold makes the held messages go at the next one
    expect(await pass()).toMatchObject({ purged: 0 });
    await new RetentionAdmin(ts.server.store).releaseHold({ id: hold.id });
    expect(await pass()).toMatchObject({ purged: 3 });
    expect(await stored([keptRoot.id, ...keptByHeldReply])).toEqual(new Set());
    await wholeLog(vault.id);
  });

  it('keeps everything of a team under hold, and purges it once released', async () => {
    const old = await send(bob, 'team hold keeps me');
    await age([old.id], 400);
    const hold = await new RetentionAdmin(ts.server.store).hold({ org: 'Acme', team: 'vault', reason: 'audit' });
    expect(await pass()).toMatchObject({ purged: 0 });
    expect(await stored([old.id])).toEqual(new Set([old.id]));
    await new RetentionAdmin(ts.server.store).releaseHold({ id: hold.id });
    expect(await pass()).toMatchObject({ purged: 1 });
  });

  it('takes a published copy in the org stream with its original, and its promotion', async () => {
    const original = await send(bob, 'vault news for everyone');
    const proposed = await ok(bob, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
    const decided = await ok(alice, 'promotion:decide', { promotionId: proposed.promotion.id, approve: true });
    const copyId = decided.promotion.orgMessageId!;
    expect(copyId).toBeTruthy();
    await age([original.id], 40);
    const orgEvents = collect<StreamEvent>(dave, 'event');
    expect(await pass()).toMatchObject({ purged: 1, copies: 1 });
    expect(await stored([original.id, copyId])).toEqual(new Set());
    expect(
      await rawSql(ts, (sql) =>
        sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM promotions WHERE id = ?', [decided.promotion.id]),
      ),
    ).toMatchObject({ n: 0 });
    await waitFor(() => orgEvents.some((e) => e.type === 'messages:purged' && e.streamId === orgStream.id));
    const inOrg = orgEvents.find((e) => e.type === 'messages:purged' && e.streamId === orgStream.id)!;
    expect(inOrg.purge).toEqual({ messageIds: [copyId], promotionIds: [decided.promotion.id], threadRoots: [] });
    const orgLog = JSON.stringify(await wholeLog(orgStream.id));
    expect(orgLog).not.toContain('vault news for everyone');
  });
});

describe('legal hold and deletion', () => {
  it("keeps a held user's deleted message for compliance only, a tombstone for everyone else", async () => {
    const admin = new RetentionAdmin(ts.server.store);
    const hold = await admin.hold({ org: 'Acme', email: 'bob@acme.test', reason: 'litigation' });
    const sent = await send(bob, 'what I said first');
    await ok(bob, 'message:edit', { messageId: sent.id, body: 'what I said then' });
    const deleted = await ok(bob, 'message:delete', { messageId: sent.id });
    expect(deleted.message).toMatchObject({ body: '', deletedAt: expect.any(Number) });
    // in the app: a tombstone, for the author and the curator alike, and in every log entry
    expect((await ok(bob, 'message:history', { messageId: sent.id })).versions).toEqual([]);
    expect((await ok(alice, 'message:history', { messageId: sent.id })).versions).toEqual([]);
    expect(JSON.stringify(await wholeLog(vault.id))).not.toContain('what I said');
    // compliance reads every version, ending in the deletion
    const { versions } = await ok(auditor, 'message:history', { messageId: sent.id });
    expect(versions.map((v) => v.body)).toEqual(['what I said first', 'what I said then', '']);
    expect(versions[2]).toMatchObject({ editorName: 'Bob Baker', at: deleted.message.deletedAt });
    // and retention does not take it while the hold lasts
    await age([sent.id], 400);
    expect(await pass()).toMatchObject({ purged: 0 });
    await admin.releaseHold({ id: hold.id });
    expect(await pass()).toMatchObject({ purged: 1 });
    expect(await leftovers('message_edits', [sent.id])).toBe(0);
  });

  it('erases the versions of a deleted message nobody holds', async () => {
    const sent = await send(bob, 'no hold on me');
    await ok(bob, 'message:edit', { messageId: sent.id, body: 'no hold on me, edited' });
    await ok(bob, 'message:delete', { messageId: sent.id });
    expect((await ok(auditor, 'message:history', { messageId: sent.id })).versions).toEqual([]);
    expect(await leftovers('message_edits', [sent.id])).toBe(0);
  });
});

describe('the admin CLI', () => {
  it('sets periods, places, lists and releases holds, audited', async () => {
    const cli = (...argv: string[]) => adminMain([...argv, ...ts.storage.cliArgs]);
    expect(await cli('set-retention', '--org', 'Acme', '--days', '90')).toMatchObject({
      code: 0,
      stdout: 'organization default: keep 90 days',
    });
    expect(await cli('set-retention', '--org', 'Acme', '--team', 'vault', '--forever')).toMatchObject({
      code: 0,
      stdout: '@vault: keep forever',
    });
    expect((await ok(dave, 'retention:get', {})).settings).toEqual({
      orgDays: 90,
      teams: [{ teamId: vault.teamId, days: null }],
    });
    const placed = await cli('hold', '--org', 'Acme', '--user', 'bob@acme.test', '--reason', 'case 7', '--json');
    expect(placed.code).toBe(0);
    const hold = (JSON.parse(placed.stdout) as { result: { id: number } }).result;
    expect((await cli('list-holds', '--org', 'Acme', '--active')).stdout).toMatch(
      new RegExp(`^#${hold.id} bob@acme.test since .* \\(active\\): case 7$`),
    );
    expect((await cli('release-hold', '--id', String(hold.id))).code).toBe(0);
    expect((await cli('list-holds', '--org', 'Acme', '--active')).stdout).toBe('(no legal holds)');
    expect((await cli('release-hold', '--id', String(hold.id))).stderr).toContain(`no active legal hold ${hold.id}`);
    const actions = (await ts.server.admin.listAudit({ org: 'Acme', limit: 4 })).map((r) => [r.action, r.detail.via]);
    expect(actions).toEqual([
      ['legal_hold.release', 'admin-cli'],
      ['legal_hold.place', 'admin-cli'],
      ['org.retention', 'admin-cli'],
      ['org.retention', 'admin-cli'],
    ]);
    // bad input answers in words
    expect((await cli('set-retention', '--org', 'Acme', '--days', '5', '--forever')).stderr).toContain('exactly one');
    expect((await cli('set-retention', '--org', 'Acme', '--days', '0')).stderr).toContain('--days');
    expect((await cli('hold', '--org', 'Acme', '--reason', 'x')).stderr).toContain('exactly one');
    expect((await cli('hold', '--org', 'Acme', '--user', 'zed@globex.test', '--reason', 'x')).stderr).toContain(
      'no user',
    );
    await cli('set-retention', '--org', 'Acme', '--forever');
  });
});

describe('one purge at a time', () => {
  it('gives the lease to one holder until it is released or runs out', async () => {
    const take = (holder: string, now: number) =>
      ts.server.store.withTransaction((tx) => tx.retention.acquireLease('test-lease', holder, now, 1000));
    const now = Date.now();
    expect(await take('node-a', now)).toBe(true);
    expect(await take('node-b', now + 10)).toBe(false);
    expect(await take('node-a', now + 20)).toBe(true); // renewing
    expect(await take('node-b', now + 2000)).toBe(true); // node-a's ran out
    await ts.server.store.withTransaction((tx) => tx.retention.releaseLease('test-lease', 'node-b'));
    expect(await take('node-a', now + 2001)).toBe(true);
  });

  it('never purges twice when two nodes run a pass at once', async () => {
    await ok(dave, 'retention:set', { teamId: vault.teamId!, days: 30 });
    const old: string[] = [];
    for (let i = 0; i < 12; i += 1) old.push((await send(bob, `race ${i}`)).id);
    await age(old, 40);
    const before = (await wholeLog(vault.id)).length;
    const results = await Promise.all(
      ['node-1', 'node-2', 'node-3'].map((holder) => runRetentionPass(ts.server.store, { holder, batchSize: 5 })),
    );
    const purged = results.reduce((n, r) => n + (r.skipped ? 0 : r.purged), 0);
    expect(purged).toBe(12);
    expect(await stored(old)).toEqual(new Set());
    // 12 in batches of 5: three purge entries, whoever wrote them, and no gap
    const after = await wholeLog(vault.id);
    expect(after.length - before).toBe(3);
    await ok(dave, 'retention:set', { teamId: vault.teamId!, days: null });
  });
});

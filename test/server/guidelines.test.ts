// Guidelines, acknowledged: versioned org and team guidelines, who may publish, acknowledgements,
// the team setting that refuses posts until the current version is acknowledged, the CSV export
// (parsed back), audit records and live pushes. Runs on SQLite and PostgreSQL (createTestStorage).
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { MAX_GUIDELINES_CHARS, type GuidelinesState, type Stream } from '../../shared/protocol/index';
import { api, basicAuth, createApiToken } from '../helpers/flowdock';
import {
  afterSentinel,
  collect,
  connectDemoUsers,
  DEMO_ORG,
  loginAndConnect,
  ok,
  rawSql,
  request,
  startTestServer,
  streamNamed,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket; // Design curator
let bob: ClientSocket; // Design member
let carol: ClientSocket; // Engineering member
let dave: ClientSocket; // org admin, in Engineering only
let design: Stream;
let teamId: string;
let bobId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  [alice, bob, carol, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol', 'dave'] as const);
  design = await streamNamed(bob, 'Design');
  teamId = design.teamId!;
  bobId = (await ok(bob, 'hello', {})).user.id;
});
afterAll(async () => {
  for (const socket of [alice, bob, carol, dave]) socket.close();
  await ts.close();
});

const send = (socket: ClientSocket, body: string) =>
  request(socket, 'message:send', { streamId: design.id, clientId: uuidv7(), body });
/** Publishes a new version of Design's guidelines, or with `team` null the organization's. */
const publish = async (socket: ClientSocket, body: string, team: string | null = teamId) =>
  (await ok(socket, 'guidelines:publish', team === null ? { body } : { teamId: team, body })).guidelines;
const auditActions = () =>
  rawSql(ts, (sql) =>
    sql.all<{ action: string; actor: string }>(
      `SELECT a.action, u.name AS actor FROM audit a JOIN users u ON u.id = a.actor_id
        WHERE a.action LIKE 'guidelines.%' ORDER BY a.id`,
    ),
  );

describe('guidelines', () => {
  it('versions every publish and keeps older versions', async () => {
    expect((await ok(bob, 'guidelines:get', { teamId })).guidelines).toEqual({
      teamId,
      current: null,
      requireAck: false,
      acknowledgedVersion: null,
    });
    const first = await publish(alice, '# Design\n\nBe **kind**.');
    expect(first.current).toMatchObject({
      version: 1,
      body: '# Design\n\nBe **kind**.',
      publisherName: 'Alice Archer',
    });
    // the publisher's publish is their acknowledgement of what they wrote
    expect(first.acknowledgedVersion).toBe(1);
    const second = await publish(alice, '# Design\n\nBe kind. Credit sources.');
    expect(second.current?.version).toBe(2);
    expect((await ok(bob, 'guidelines:version', { teamId, version: 1 })).version.body).toBe('# Design\n\nBe **kind**.');
    const mine = (await ok(bob, 'guidelines:get', { teamId })).guidelines;
    expect(mine).toMatchObject({ current: { version: 2 }, acknowledgedVersion: null });
    expect(await request(bob, 'guidelines:version', { teamId, version: 3 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'version' },
    });
  });

  it('refuses empty, too long and unrenderable text', async () => {
    for (const body of [' \n ', 'x'.repeat(MAX_GUIDELINES_CHARS + 1), '`a` '.repeat(1500)]) {
      expect(await request(alice, 'guidelines:publish', { teamId, body })).toMatchObject({
        ok: false,
        error: { code: 'INVALID', field: 'body' },
      });
    }
  });

  it('lets org admins publish the org and any team, curators only their team', async () => {
    expect(await request(bob, 'guidelines:publish', { teamId, body: 'mine now' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await request(alice, 'guidelines:publish', { body: 'org rules' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('org admin') },
    });
    const org = await publish(dave, 'Acme: be excellent to each other.', null);
    expect(org).toMatchObject({ teamId: null, requireAck: false, current: { version: 1 } });
    // everyone of the organization sees the org's; each user lists the org's and their teams'
    const bobs = (await ok(bob, 'guidelines:list', {})).guidelines;
    expect(bobs.map((g) => [g.teamId, g.current?.version ?? null])).toEqual([
      [null, 1],
      [teamId, 2],
    ]);
    expect((await ok(carol, 'guidelines:list', {})).guidelines.map((g) => g.teamId)).not.toContain(teamId);
    expect(await request(carol, 'guidelines:get', { teamId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('records acknowledgements of the current version only, once, and counts them by name', async () => {
    expect(await request(bob, 'guidelines:acknowledge', { teamId, version: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('version 2 is current') },
    });
    expect(await request(bob, 'guidelines:acknowledge', { teamId, version: 9 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const acked = collect<{ userId: string; version: number }>(alice, 'guidelines:acknowledged');
    const { guidelines } = await ok(bob, 'guidelines:acknowledge', { teamId, version: 2 });
    expect(guidelines.acknowledgedVersion).toBe(2);
    await waitFor(() => acked.length === 1);
    expect(acked[0]).toMatchObject({ teamId, version: 2 });
    await ok(bob, 'guidelines:acknowledge', { teamId, version: 2 });

    const report = await ok(alice, 'guidelines:acknowledgements', { teamId });
    expect(report).toMatchObject({ teamId, currentVersion: 2, memberCount: 2, byVersion: [{ version: 2, count: 2 }] });
    expect(report.members.map((m) => [m.name, m.acknowledgedVersion])).toEqual([
      ['Alice Archer', 2],
      ['Bob Baker', 2],
    ]);
    await publish(alice, 'v3: no spoilers');
    const later = await ok(dave, 'guidelines:acknowledgements', { teamId });
    expect(later.byVersion).toEqual([
      { version: 3, count: 1 },
      { version: 2, count: 1 },
    ]);
    const actions = await auditActions();
    expect(actions.filter((a) => a.action === 'guidelines.acknowledge')).toEqual([
      { action: 'guidelines.acknowledge', actor: 'Bob Baker' },
    ]);
    expect(actions.filter((a) => a.action === 'guidelines.publish').length).toBe(4);
  });

  it('refuses posts until the current version is acknowledged when the team requires it', async () => {
    expect(await send(bob, 'before the rule')).toMatchObject({ ok: true });
    const changes = collect<{ guidelines: GuidelinesState }>(bob, 'guidelines:changed');
    expect((await ok(alice, 'guidelines:require', { teamId, required: true })).guidelines.requireAck).toBe(true);
    await waitFor(() => changes.some((c) => c.guidelines.requireAck));
    const refused = await send(bob, 'after the rule');
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: expect.stringContaining('requires acknowledging its guidelines (version 3)'),
      },
    });
    // a bot posting as bob through the Flowdock-compatible API goes through the same send
    const bot = await api(ts.url, '/flows/acme/design/messages', {
      method: 'POST',
      auth: basicAuth(await createApiToken(bob)),
      json: { event: 'message', content: 'from a bot' },
    });
    expect(bot.status).toBe(403);
    expect(JSON.stringify(bot.body)).toContain('requires acknowledging its guidelines');
    // the curator published v3, which acknowledged it for her; replies are posts too
    const root = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'a thread' });
    const reply = { streamId: design.id, clientId: uuidv7(), body: 'a reply', threadRootId: root.message.id };
    expect(await request(bob, 'message:send', reply)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok(bob, 'guidelines:acknowledge', { teamId, version: 3 });
    expect(await send(bob, 'read them')).toMatchObject({ ok: true });

    // a new version asks again, curators included: dave publishes v4, alice has not read it
    await publish(dave, 'v4: credit sources');
    await waitFor(() => changes.some((c) => c.guidelines.current?.version === 4));
    expect(await send(bob, 'blocked again')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send(alice, 'so is the curator')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok(alice, 'guidelines:require', { teamId, required: false });
    expect(await send(bob, 'rule off')).toMatchObject({ ok: true });
    // the org stream is never held by a team's setting
    const orgStream = await streamNamed(bob, DEMO_ORG);
    expect(
      await request(bob, 'message:send', { streamId: orgStream.id, clientId: uuidv7(), body: 'org post' }),
    ).toMatchObject({ ok: true });
    expect((await auditActions()).filter((a) => a.action === 'guidelines.require').length).toBe(2);
  });

  it('pushes a team change to the team only, an org change to everyone', async () => {
    const carolSees = collect<{ guidelines: GuidelinesState }>(carol, 'guidelines:changed');
    const bobSees = collect<{ guidelines: GuidelinesState }>(bob, 'guidelines:changed');
    await publish(alice, 'v5');
    // the org publish reaches carol after the team's would have: she never got Design's
    await afterSentinel<{ guidelines: GuidelinesState }>(
      carol,
      'guidelines:changed',
      (p) => p.guidelines.teamId === null,
      () => publish(dave, 'Acme v2', null),
    );
    expect(carolSees.map((p) => p.guidelines.teamId)).toEqual([null]);
    await waitFor(() => bobSees.length === 2);
    expect(bobSees.map((p) => [p.guidelines.teamId, p.guidelines.current?.version])).toEqual([
      [teamId, 5],
      [null, 2],
    ]);

    // who acknowledged what reaches the acknowledger, curators and org admins, not every member
    const acks = collect<{ userId: string }>(bob, 'guidelines:acknowledged');
    await ok(carol, 'guidelines:acknowledge', { version: 2 });
    await afterSentinel<{ userId: string }>(
      bob,
      'guidelines:acknowledged',
      (a) => a.userId === bobId,
      () => ok(bob, 'guidelines:acknowledge', { version: 2 }),
    );
    expect(acks.map((a) => a.userId)).toEqual([bobId]);
  });

  it('exports acknowledgements as RFC 4180 CSV with formula cells neutralized', async () => {
    const admin = ts.server.admin;
    const tricky = [
      { email: 'eve@acme.test', name: '=HYPERLINK("http://evil.test","x")' },
      { email: 'frank@acme.test', name: 'Frank "Quote", Jr.' },
      { email: 'gina@acme.test', name: '@SUM(A1)' },
    ];
    for (const u of tricky) {
      await admin.addUser({ org: DEMO_ORG, email: u.email, name: u.name, password: 'guidelines-password' });
      await admin.addMember({ email: u.email, team: 'design', role: 'member' });
    }
    const eve = (await loginAndConnect(ts.url, 'eve@acme.test', 'guidelines-password')).socket;
    await ok(eve, 'guidelines:acknowledge', { teamId, version: 5 });
    eve.close();
    expect(await request(bob, 'guidelines:export', { teamId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const { filename, csv } = await ok(alice, 'guidelines:export', { teamId });
    expect(filename).toBe('guidelines-design-v5.csv');
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.name).sort()).toEqual(
      ['\'=HYPERLINK("http://evil.test","x")', "'@SUM(A1)", 'Alice Archer', 'Bob Baker', 'Frank "Quote", Jr.'].sort(),
    );
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    expect(byEmail.get('eve@acme.test')).toMatchObject({ acknowledged_version: '5', acknowledged_current: 'yes' });
    expect(byEmail.get('eve@acme.test')!.acknowledged_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(byEmail.get('bob@acme.test')).toMatchObject({ acknowledged_version: '3', acknowledged_current: 'no' });
    expect(byEmail.get('frank@acme.test')).toMatchObject({ acknowledged_version: '', acknowledged_current: 'no' });
    // no cell a spreadsheet would run as a formula
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

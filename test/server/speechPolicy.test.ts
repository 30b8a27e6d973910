// Who may speak to everyone: the org speech policy, enforced on send and edit, changed by org admins
// (socket request and admin CLI), audited, and pushed to every connected client of the organization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { DEFAULT_SPEECH_POLICY, type SpeechPolicy } from '../../shared/domain/speechPolicy';
import type { Stream } from '../../shared/protocol/index';
import { adminMain } from '../../server/admin/cli';
import {
  collect,
  connectDemoUsers,
  ok,
  readStore,
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
let dave: ClientSocket; // org admin
let orgStream: Stream;
let design: Stream;

beforeAll(async () => {
  ts = await startTestServer({ adminPollMs: 50, rateLimit: { perSecond: 10_000, burst: 10_000 } });
  [alice, bob, carol, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol', 'dave'] as const);
  orgStream = await streamNamed(bob, 'Acme');
  design = await streamNamed(bob, 'Design');
});
afterAll(async () => {
  for (const socket of [alice, bob, carol, dave]) socket.close();
  await ts.close();
});

const send = (socket: ClientSocket, streamId: string, body: string) =>
  request(socket, 'message:send', { streamId, clientId: uuidv7(), body });
const setPolicy = (patch: Partial<SpeechPolicy>) => ok(dave, 'speechPolicy:set', { patch });

describe('speech policy', () => {
  it('starts at the default: anyone posts in the org stream, only org admins page it', async () => {
    expect((await ok(carol, 'speechPolicy:get', {})).policy).toEqual(DEFAULT_SPEECH_POLICY);
    expect(await send(bob, orgStream.id, 'hello everyone')).toMatchObject({ ok: true });
    expect(await send(bob, orgStream.id, '@all lunch?')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('only org admins may use @all') },
    });
    // a curator is no admin; a team handle pages the whole team
    expect(await send(alice, orgStream.id, 'news for @engineering')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await send(alice, orgStream.id, 'thanks @bob')).toMatchObject({ ok: true });
    expect(await send(dave, orgStream.id, '@all the office is closed on Friday')).toMatchObject({ ok: true });
    // in team streams everyone may page the team by default
    expect(await send(bob, design.id, '@all review please, and @design too')).toMatchObject({ ok: true });
  });

  it('lets an org admin restrict posting, pushes the change, and still delivers promoted posts', async () => {
    const pushes = collect<{ policy: SpeechPolicy }>(carol, 'speechPolicy:changed');
    const { policy } = await setPolicy({ orgStreamPosting: 'curators' });
    expect(policy).toEqual({ ...DEFAULT_SPEECH_POLICY, orgStreamPosting: 'curators' });
    await waitFor(() => pushes.length === 1);
    expect(pushes[0]!.policy).toEqual(policy);

    const refused = await send(bob, orgStream.id, 'direct post');
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('only curators and org admins may post directly') },
    });
    expect(await send(alice, orgStream.id, 'a curator of any team may post')).toMatchObject({ ok: true });
    expect(await send(dave, orgStream.id, 'so may an org admin')).toMatchObject({ ok: true });

    // staged sharing is the way in: bob proposes, the curator approves, the copy arrives
    const original = await ok(bob, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'shipping v2' });
    const proposal = await ok(bob, 'promotion:propose', { messageId: original.message.id, clientId: uuidv7() });
    const decided = await ok(alice, 'promotion:decide', { promotionId: proposal.promotion.id, approve: true });
    expect(decided.promotion.state).toBe('published');
    const copy = await readStore(ts, (tx) => tx.messages.get(decided.promotion.orgMessageId!));
    expect(copy).toMatchObject({ streamId: orgStream.id, body: 'shipping v2' });
  });

  it('holds an edit only to the mentions it adds', async () => {
    await setPolicy({ orgStreamPosting: 'everyone' });
    const mine = await ok(bob, 'message:send', { streamId: orgStream.id, clientId: uuidv7(), body: 'draft' });
    await setPolicy({ orgStreamPosting: 'curators' });
    // editing an earlier post is no new post
    expect(await request(bob, 'message:edit', { messageId: mine.message.id, body: 'draft, fixed' })).toMatchObject({
      ok: true,
    });
    expect(await request(bob, 'message:edit', { messageId: mine.message.id, body: '@all draft' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // an admin's older @all post stays editable after the rule tightens to nobody but admins
    const announcement = await ok(dave, 'message:send', {
      streamId: orgStream.id,
      clientId: uuidv7(),
      body: '@all v1',
    });
    expect(await request(dave, 'message:edit', { messageId: announcement.message.id, body: '@all v2' })).toMatchObject({
      ok: true,
    });
    await setPolicy({ orgStreamPosting: 'everyone' });
  });

  it('restricts team-stream mentions to the team curators when asked', async () => {
    await setPolicy({ teamStreamMentions: 'curators' });
    expect(await send(bob, design.id, '@all standup')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('this team stream') },
    });
    expect(await send(bob, design.id, 'ping @design')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send(bob, design.id, 'ping @alice')).toMatchObject({ ok: true });
    expect(await send(alice, design.id, '@all standup')).toMatchObject({ ok: true });
    await setPolicy({ teamStreamMentions: 'everyone', orgStreamMentions: 'curators' });
    expect(await send(alice, orgStream.id, '@all from a curator')).toMatchObject({ ok: true });
    expect(await send(carol, orgStream.id, '@all from a member')).toMatchObject({ ok: false });
    await setPolicy({ orgStreamMentions: 'admins' });
  });

  it('answers INVALID naming the field, and FORBIDDEN to anyone but an org admin', async () => {
    const bad = await request(dave, 'speechPolicy:set', { patch: { orgStreamMentions: 'nobody' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'patch.orgStreamMentions' } });
    const extra = await request(dave, 'speechPolicy:set', { patch: { shout: 'everyone' } });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    const member = await request(alice, 'speechPolicy:set', { patch: { orgStreamMentions: 'everyone' } });
    expect(member).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('audits every change with who made it and what it was before', async () => {
    const records = await readStore(ts, async (tx) =>
      tx.audit.list({ orgId: (await tx.orgs.getByName('Acme'))!.id, action: 'org.speech_policy' }),
    );
    expect(records.length).toBeGreaterThanOrEqual(6);
    const daveId = (await ok(dave, 'hello', {})).user.id;
    expect(records[0]).toMatchObject({
      actorId: daveId,
      detail: { orgStreamMentions: 'admins', previous: { orgStreamMentions: 'curators' }, via: 'server' },
    });
  });

  it('is set from the admin CLI too, and a running server pushes that change to connected clients', async () => {
    const pushes = collect<{ policy: SpeechPolicy }>(bob, 'speechPolicy:changed');
    const cli = await adminMain([
      'set-policy',
      '--org',
      'Acme',
      '--org-posting',
      'curators',
      '--team-mentions',
      'curators',
      '--json',
      ...ts.storage.cliArgs,
    ]);
    expect(JSON.parse(cli.stdout)).toEqual({
      ok: true,
      result: { orgStreamPosting: 'curators', orgStreamMentions: 'admins', teamStreamMentions: 'curators' },
    });
    await waitFor(() => pushes.some((p) => p.policy.orgStreamPosting === 'curators'));
    expect(await send(bob, orgStream.id, 'after the CLI change')).toMatchObject({ ok: false });

    const wrong = await adminMain(['set-policy', '--org', 'Acme', '--org-mentions', 'nobody', ...ts.storage.cliArgs]);
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('orgStreamMentions') });
    const none = await adminMain(['set-policy', '--org', 'Acme', ...ts.storage.cliArgs]);
    expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining('--org-posting') });
    const cliAudit = await readStore(ts, async (tx) =>
      tx.audit.list({ orgId: (await tx.orgs.getByName('Acme'))!.id, action: 'org.speech_policy', limit: 1 }),
    );
    expect(cliAudit[0]).toMatchObject({ actorId: null, detail: { via: 'admin-cli' } });
  });
});

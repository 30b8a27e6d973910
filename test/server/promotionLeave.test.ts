// Leaving a team ends what is pending there: removal withdraws the member's pending promotions of the
// team, a removed author can no longer consent, and `promotion:list` stops showing the team's promotions.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, Notification, Promotion, Stream, StreamEvent } from '../../shared/protocol/index';
import { adminMain } from '../../server/admin/cli';
import {
  collect,
  connectDemoUsers,
  streamNamed,
  ok,
  readStore,
  request,
  afterSentinel,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket; // Design curator
let bob: ClientSocket; // Design member, removed and re-added by the tests
let carol: ClientSocket; // Engineering member, added to Design here
let design: Stream;
let orgStream: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 1000, burst: 1000 } });
  await ts.server.admin.addMember({ email: 'carol@acme.test', team: 'design' });
  [alice, bob, carol] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol']);
  design = await streamNamed(alice, 'Design');
  orgStream = await streamNamed(alice, 'Acme');
});
afterEach(async () => {
  await ts.server.admin.setPolicy({ org: 'Acme', team: 'design', policy: 'approval' });
  const { teamId, bobId } = await ids();
  if ((await readStore(ts, (tx) => tx.teams.membershipRole(teamId, bobId))) === null)
    await ts.server.admin.addMember({ email: 'bob@acme.test', team: 'design' });
});
afterAll(async () => {
  for (const s of [alice, bob, carol]) s.close();
  await ts.close();
});

/** Design's team id and bob's user id. */
const ids = () =>
  readStore(ts, async (tx) => {
    const bob = (await tx.users.getByEmail('bob@acme.test'))!;
    return { teamId: (await tx.teams.getByHandle(bob.orgId, 'design'))!.id, bobId: bob.id };
  });
const post = async (socket: ClientSocket, body: string): Promise<Message> =>
  (await ok(socket, 'message:send', { streamId: design.id, clientId: uuidv7(), body })).message;
const propose = async (socket: ClientSocket, messageId: string): Promise<Promotion> =>
  (await ok(socket, 'promotion:propose', { messageId, clientId: uuidv7() })).promotion;
const code = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? 'OK' : ack.error!.code);
const stateOf = async (id: string) => (await readStore(ts, (tx) => tx.promotions.get(id)))!.state;
const mine = async (socket: ClientSocket) =>
  (await ok(socket, 'promotion:list', { scope: 'mine' })).promotions.map((p) => p.id);
const orgCopies = async (promotionId: string): Promise<Message[]> =>
  (
    await ok(carol, 'history', { streamId: orgStream.id, beforeSeq: Number.MAX_SAFE_INTEGER, limit: 500 })
  ).messages.filter((m) => m.provenance?.promotionId === promotionId);

describe('leaving a team', () => {
  it('withdraws the pending promotions the member authored or proposed, in the same step', async () => {
    const consentForBob = await propose(alice, (await post(bob, 'bob wrote, alice proposes')).id);
    const bobOwn = await propose(bob, (await post(bob, 'bob proposes his own')).id);
    const bobProposes = await propose(bob, (await post(alice, 'alice wrote, bob proposes')).id);
    const unrelated = await propose(carol, (await post(carol, 'carol proposes her own')).id);
    expect([consentForBob, bobOwn, bobProposes, unrelated].map((p) => p.state)).toEqual([
      'awaiting_consent',
      'awaiting_approval',
      'awaiting_consent',
      'awaiting_approval',
    ]);
    const withdrawnIds = [consentForBob.id, bobOwn.id, bobProposes.id];
    const aliceUpdates = collect<{ promotion: Promotion }>(alice, 'promotion:updated');
    const aliceNotes = collect<Notification>(alice, 'notification');
    const aliceEvents = collect<StreamEvent>(alice, 'event');
    const bobUpdates = collect<{ promotion: Promotion }>(bob, 'promotion:updated');
    const bobEvents = collect<StreamEvent>(bob, 'event');

    await ts.server.admin.removeMember({ email: 'bob@acme.test', team: 'design' });

    expect(await Promise.all(withdrawnIds.map(stateOf))).toEqual(['withdrawn', 'withdrawn', 'withdrawn']);
    expect(await stateOf(unrelated.id)).toBe('awaiting_approval');
    await waitFor(
      () =>
        withdrawnIds.every((id) =>
          aliceEvents.some((e) => e.type === 'promotion:changed' && e.promotion?.id === id && e.streamId === design.id),
        ) && withdrawnIds.every((id) => aliceUpdates.some((u) => u.promotion.id === id)),
    );
    expect(
      aliceUpdates.filter((u) => withdrawnIds.includes(u.promotion.id)).every((u) => u.promotion.state === 'withdrawn'),
    ).toBe(true);
    // Alice proposed one and wrote another: she is told; Bob, the actor, is not.
    const left = () => aliceNotes.filter((n) => n.kind === 'promotion' && n.text.includes('Bob Baker left the team'));
    await waitFor(() => left().length === 2);
    // later pushes to alice and bob: whatever the removal sent them has arrived by then
    await afterSentinel(
      alice,
      'notification',
      (n: Notification) => n.text.includes('sentinel for alice'),
      () =>
        ok(carol, 'message:send', { streamId: orgStream.id, clientId: uuidv7(), body: '@alice sentinel for alice' }),
    );
    await afterSentinel(
      bob,
      'event',
      (e: StreamEvent) => e.message?.body === 'sentinel for bob',
      () => ok(carol, 'message:send', { streamId: orgStream.id, clientId: uuidv7(), body: 'sentinel for bob' }),
    );
    expect(
      left()
        .map((n) => n.promotionId)
        .sort(),
    ).toEqual([consentForBob.id, bobProposes.id].sort());
    expect(bobUpdates.filter((u) => u.promotion.state === 'withdrawn')).toEqual([]);
    expect(bobEvents.filter((e) => e.promotion?.state === 'withdrawn')).toEqual([]);

    const audit = (await readStore(ts, (tx) => tx.audit.list({ action: 'promotion.withdraw', limit: 1000 }))).filter(
      (r) => withdrawnIds.includes(r.target!),
    );
    expect(audit).toHaveLength(3);
    const { bobId } = await ids();
    expect(audit.every((r) => r.detail.reason === 'member.remove' && r.actorId === bobId)).toBe(true);
    // Nothing to approve any more: the queue keeps only carol's.
    const queue = (await ok(alice, 'promotion:list', { scope: 'queue' })).promotions.map((p) => p.id);
    expect(queue).toContain(unrelated.id);
    expect(queue.filter((id) => withdrawnIds.includes(id))).toEqual([]);
  });

  it('lets a removed author neither consent nor list the team promotions, even under the open policy', async () => {
    await ts.server.admin.setPolicy({ org: 'Acme', team: 'design', policy: 'open' });
    const msg = await post(bob, 'open policy, bob leaves');
    const pending = await propose(alice, msg.id);
    expect(pending.state).toBe('awaiting_consent');
    await ts.server.admin.removeMember({ email: 'bob@acme.test', team: 'design' });
    expect(code(await request(bob, 'promotion:consent', { promotionId: pending.id, accept: true }))).toBe('FORBIDDEN');
    expect(await orgCopies(pending.id)).toHaveLength(0);
    expect(await mine(bob)).not.toContain(pending.id);
    expect((await ok(bob, 'promotion:list', { scope: 'consent' })).promotions).toEqual([]);
    // Nobody can send the old post up for a consent its author can no longer give.
    expect(code(await request(alice, 'promotion:propose', { messageId: msg.id, clientId: uuidv7() }))).toBe('CONFLICT');
  });

  it('refuses consent from an author who is no longer a member, whatever removed them', async () => {
    await ts.server.admin.setPolicy({ org: 'Acme', team: 'design', policy: 'open' });
    const pending = await propose(alice, (await post(bob, 'membership gone behind our back')).id);
    // A removal that bypassed the admin service: consent is the second line of defence.
    const { teamId, bobId } = await ids();
    await ts.server.store.withTransaction((tx) => tx.teams.deleteMembership(teamId, bobId, Date.now()));
    expect(code(await request(bob, 'promotion:consent', { promotionId: pending.id, accept: true }))).toBe('FORBIDDEN');
    expect(code(await request(bob, 'promotion:consent', { promotionId: pending.id, accept: false }))).toBe('FORBIDDEN');
    expect(await stateOf(pending.id)).toBe('awaiting_consent');
    expect(await orgCopies(pending.id)).toHaveLength(0);
    expect((await ok(bob, 'promotion:list', { scope: 'consent' })).promotions).toEqual([]);
  });

  it('withdraws on a removal made by the admin CLI too, in the same transaction', async () => {
    const pending = await propose(bob, (await post(bob, 'removed from another process')).id);
    const cli = await adminMain([
      'remove-member',
      '--email',
      'bob@acme.test',
      '--team',
      'design',
      ...ts.storage.cliArgs,
    ]);
    expect(cli.code).toBe(0);
    expect(await stateOf(pending.id)).toBe('withdrawn');
    const changed = (await ok(alice, 'sync', { streamId: design.id, afterSeq: 0 })).events.filter(
      (e) => e.type === 'promotion:changed' && e.promotion?.id === pending.id,
    );
    expect(changed.map((e) => e.promotion!.state)).toEqual(['awaiting_approval', 'withdrawn']);
  });

  it('hides published promotions and their decision notes from a former member', async () => {
    const { id } = await propose(bob, (await post(bob, 'published before leaving')).id);
    await ok(alice, 'promotion:decide', { promotionId: id, approve: true, note: 'team-internal note' });
    expect(await mine(bob)).toContain(id);
    await ts.server.admin.removeMember({ email: 'bob@acme.test', team: 'design' });
    expect(await mine(bob)).not.toContain(id);
    const bobUpdates = collect<{ promotion: Promotion }>(bob, 'promotion:updated');
    const aliceUpdates = collect<{ promotion: Promotion }>(alice, 'promotion:updated');
    await ok(alice, 'promotion:unpublish', { promotionId: id });
    await waitFor(() => aliceUpdates.some((u) => u.promotion.id === id));
    await afterSentinel(
      bob,
      'event',
      (e: StreamEvent) => e.message?.body === 'sentinel after unpublish',
      () => ok(carol, 'message:send', { streamId: orgStream.id, clientId: uuidv7(), body: 'sentinel after unpublish' }),
    );
    expect(bobUpdates).toEqual([]);
    // Back in the team, the history is theirs again.
    await ts.server.admin.addMember({ email: 'bob@acme.test', team: 'design' });
    expect(await mine(bob)).toContain(id);
  });
});

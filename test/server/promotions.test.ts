import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, Notification, Promotion, Stream, StreamEvent } from '../../shared/protocol/index';
import {
  collect,
  connectDemoUsers,
  streamNamed,
  ok,
  readStore,
  request,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket; // Design curator
let bob: ClientSocket; // Design member
let carol: ClientSocket; // Engineering member
let dave: ClientSocket; // org admin, Engineering member
let design: Stream;
let orgStream: Stream;
let engineering: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 1000, burst: 1000 } });
  [alice, bob, carol, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol', 'dave']);
  design = await streamNamed(alice, 'Design');
  orgStream = await streamNamed(alice, 'Acme');
  engineering = await streamNamed(carol, 'Engineering');
});
afterAll(async () => {
  for (const s of [alice, bob, carol, dave]) s.close();
  await ts.close();
});

const post = async (
  socket: ClientSocket,
  body: string,
  streamId = design.id,
  threadRootId?: string,
): Promise<Message> =>
  (await ok(socket, 'message:send', { streamId, clientId: uuidv7(), body, ...(threadRootId ? { threadRootId } : {}) }))
    .message;
const propose = (socket: ClientSocket, messageId: string, clientId = uuidv7()) =>
  request(socket, 'promotion:propose', { messageId, clientId, note: 'worth sharing' });
const code = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? 'OK' : ack.error!.code);
const orgCopies = async (promotionId: string): Promise<Message[]> =>
  (
    await ok(carol, 'history', { streamId: orgStream.id, beforeSeq: Number.MAX_SAFE_INTEGER, limit: 500 })
  ).messages.filter((m) => m.provenance?.promotionId === promotionId);

describe('staged sharing', () => {
  it('climbs the full ladder: propose → consent → approve → published with provenance', async () => {
    const original = await post(bob, 'Our research summary #research');
    const bobUpdates = collect<{ promotion: Promotion }>(bob, 'promotion:updated');
    const bobNotes = collect<Notification>(bob, 'notification');
    const carolEvents = collect<StreamEvent>(carol, 'event');
    const aliceEvents = collect<StreamEvent>(alice, 'event');

    const proposed = await ok(alice, 'promotion:propose', {
      messageId: original.id,
      clientId: uuidv7(),
      note: 'org should see this',
    });
    expect(proposed.promotion).toMatchObject({
      state: 'awaiting_consent',
      authorId: original.authorId,
      snapshotBody: original.body,
      sourceStreamId: design.id,
      targetStreamId: orgStream.id,
      note: 'org should see this',
    });
    await waitFor(() => bobUpdates.length > 0 && bobNotes.some((n) => n.kind === 'promotion'));
    expect(bobNotes.find((n) => n.kind === 'promotion')).toMatchObject({
      promotionId: proposed.promotion.id,
      actorName: 'Alice Archer',
    });

    const consent = await ok(bob, 'promotion:list', { scope: 'consent' });
    expect(consent.promotions.map((p) => p.id)).toContain(proposed.promotion.id);
    const consented = await ok(bob, 'promotion:consent', { promotionId: proposed.promotion.id, accept: true });
    expect(consented.promotion.state).toBe('awaiting_approval');
    expect((await ok(alice, 'promotion:list', { scope: 'queue' })).promotions.map((p) => p.id)).toContain(
      proposed.promotion.id,
    );
    expect((await ok(dave, 'promotion:list', { scope: 'queue' })).promotions.map((p) => p.id)).toContain(
      proposed.promotion.id,
    );
    expect((await ok(carol, 'promotion:list', { scope: 'queue' })).promotions).toEqual([]);

    const decided = await ok(alice, 'promotion:decide', {
      promotionId: proposed.promotion.id,
      approve: true,
      note: 'great',
    });
    expect(decided.promotion).toMatchObject({
      state: 'published',
      deciderId: proposed.promotion.proposerId,
      decisionNote: 'great',
    });
    const [copy] = await orgCopies(proposed.promotion.id);
    expect(copy).toMatchObject({
      id: decided.promotion.orgMessageId,
      streamId: orgStream.id,
      authorId: original.authorId,
      authorName: 'Bob Baker',
      body: original.body,
      tags: ['research'],
    });
    expect(copy!.provenance).toMatchObject({
      sourceMessageId: original.id,
      sourceTeamName: 'Design',
      authorName: 'Bob Baker',
      proposerName: 'Alice Archer',
      approverName: 'Alice Archer',
    });
    await waitFor(
      () =>
        carolEvents.some((e) => e.message?.id === copy!.id) &&
        aliceEvents.some((e) => e.type === 'promotion:changed' && e.promotion?.state === 'published'),
    );
    const changed = aliceEvents.find((e) => e.type === 'promotion:changed' && e.promotion?.state === 'published')!;
    expect(changed.streamId).toBe(design.id);
    expect(changed.message).toMatchObject({ id: original.id });
    expect(changed.message!.sharedAt).not.toBeNull();
    // The other team sees the copy but can never follow the provenance link into Design.
    expect(carolEvents.some((e) => e.streamId === design.id)).toBe(false);
    expect(code(await request(carol, 'sync', { streamId: design.id, afterSeq: 0 }))).toBe('FORBIDDEN');
    // Org copies get their own org-wide thread.
    const reply = await post(carol, 'Interesting!', orgStream.id, copy!.id);
    expect(reply.threadRootId).toBe(copy!.id);

    const actions = (await readStore(ts, (tx) => tx.audit.list({ limit: 1000 })))
      .filter((r) => r.target === proposed.promotion.id)
      .map((r) => r.action);
    expect(actions).toEqual(['promotion.publish', 'promotion.submit', 'promotion.propose']);
  });

  it('refuses every wrong move', async () => {
    const msg = await post(bob, 'a post');
    const reply = await post(alice, 'a reply', design.id, msg.id);
    const orgMsg = await post(alice, 'org post', orgStream.id);
    const gone = await post(bob, 'gone');
    await ok(bob, 'message:delete', { messageId: gone.id });
    expect(code(await propose(carol, msg.id))).toBe('FORBIDDEN');
    expect(code(await propose(dave, msg.id))).toBe('FORBIDDEN');
    expect(code(await propose(alice, reply.id))).toBe('CONFLICT');
    expect(code(await propose(alice, orgMsg.id))).toBe('CONFLICT');
    expect(code(await propose(bob, gone.id))).toBe('CONFLICT');

    const clientId = uuidv7();
    const first = await ok(alice, 'promotion:propose', { messageId: msg.id, clientId });
    const repeat = await ok(alice, 'promotion:propose', { messageId: msg.id, clientId });
    expect(repeat.promotion.id).toBe(first.promotion.id);
    expect(code(await propose(alice, msg.id))).toBe('CONFLICT');
    const id = first.promotion.id;
    expect(code(await request(alice, 'promotion:decide', { promotionId: id, approve: true }))).toBe('CONFLICT');
    expect(code(await request(alice, 'promotion:consent', { promotionId: id, accept: true }))).toBe('FORBIDDEN');
    expect(code(await request(carol, 'promotion:withdraw', { promotionId: id }))).toBe('FORBIDDEN');
    expect(code(await request(bob, 'promotion:requestUnpublish', { promotionId: id }))).toBe('CONFLICT');
    expect(code(await request(alice, 'promotion:unpublish', { promotionId: id }))).toBe('CONFLICT');
    await ok(bob, 'promotion:consent', { promotionId: id, accept: true });
    expect(code(await request(bob, 'promotion:decide', { promotionId: id, approve: true }))).toBe('FORBIDDEN');
    expect(code(await request(carol, 'promotion:decide', { promotionId: id, approve: true }))).toBe('FORBIDDEN');
    expect(code(await request(bob, 'promotion:consent', { promotionId: id, accept: true }))).toBe('CONFLICT');
    expect(code(await request(bob, 'promotion:decide', { promotionId: uuidv7(), approve: true }))).toBe('NOT_FOUND');
    await ok(alice, 'promotion:decide', { promotionId: id, approve: true });
    expect(code(await request(bob, 'promotion:withdraw', { promotionId: id }))).toBe('CONFLICT');
    expect(code(await request(bob, 'promotion:unpublish', { promotionId: id }))).toBe('FORBIDDEN');
    expect(code(await request(alice, 'promotion:requestUnpublish', { promotionId: id }))).toBe('FORBIDDEN');
    expect(code(await request(alice, 'promotion:decide', { promotionId: id, approve: false }))).toBe('CONFLICT');

    // An original deleted while awaiting approval is never published.
    const doomed = await post(bob, 'delete me later');
    const pending = await ok(bob, 'promotion:propose', { messageId: doomed.id, clientId: uuidv7() });
    await ok(bob, 'message:delete', { messageId: doomed.id });
    expect(code(await request(alice, 'promotion:decide', { promotionId: pending.promotion.id, approve: true }))).toBe(
      'CONFLICT',
    );
    expect(await orgCopies(pending.promotion.id)).toHaveLength(0);
  });

  it('publishes exactly one copy when two deciders approve at once', async () => {
    const msg = await post(bob, 'race me');
    const { promotion } = await ok(bob, 'promotion:propose', { messageId: msg.id, clientId: uuidv7() });
    expect(promotion.state).toBe('awaiting_approval');
    const results = await Promise.all([
      request(alice, 'promotion:decide', { promotionId: promotion.id, approve: true }),
      request(dave, 'promotion:decide', { promotionId: promotion.id, approve: true }),
    ]);
    expect(results.map(code).sort()).toEqual(['CONFLICT', 'OK']);
    expect(await orgCopies(promotion.id)).toHaveLength(1);
  });

  it('lets the author decline consent, and the author or proposer withdraw', async () => {
    const msg = await post(bob, 'not for everyone');
    const aliceNotes = collect<Notification>(alice, 'notification');
    const { promotion } = await ok(alice, 'promotion:propose', { messageId: msg.id, clientId: uuidv7() });
    const declined = await ok(bob, 'promotion:consent', { promotionId: promotion.id, accept: false });
    expect(declined.promotion).toMatchObject({ state: 'declined', declinedBy: 'author' });
    await waitFor(() => aliceNotes.some((n) => n.promotionId === promotion.id));

    const again = await ok(bob, 'promotion:propose', { messageId: msg.id, clientId: uuidv7() });
    expect(again.promotion.state).toBe('awaiting_approval');
    const withdrawn = await ok(bob, 'promotion:withdraw', { promotionId: again.promotion.id });
    expect(withdrawn.promotion.state).toBe('withdrawn');
    expect(await orgCopies(again.promotion.id)).toHaveLength(0);

    const third = await ok(bob, 'promotion:propose', { messageId: msg.id, clientId: uuidv7() });
    const curatorDecline = await ok(alice, 'promotion:decide', {
      promotionId: third.promotion.id,
      approve: false,
      note: 'too early',
    });
    expect(curatorDecline.promotion).toMatchObject({
      state: 'declined',
      declinedBy: 'curator',
      decisionNote: 'too early',
    });
    const mine = await ok(bob, 'promotion:list', { scope: 'mine' });
    expect(
      mine.promotions
        .filter((p) => p.messageId === msg.id)
        .map((p) => p.state)
        .sort(),
    ).toEqual(['declined', 'declined', 'withdrawn']);
  });

  it('unpublishes on request: the org copy is tombstoned with a message:deleted event', async () => {
    const msg = await post(bob, 'will be taken down');
    const { promotion } = await ok(bob, 'promotion:propose', { messageId: msg.id, clientId: uuidv7() });
    const published = await ok(dave, 'promotion:decide', { promotionId: promotion.id, approve: true });
    const aliceNotes = collect<Notification>(alice, 'notification');
    const requested = await ok(bob, 'promotion:requestUnpublish', { promotionId: promotion.id });
    expect(requested.promotion.unpublishRequested).toBe(true);
    await waitFor(() => aliceNotes.some((n) => n.kind === 'promotion' && n.promotionId === promotion.id));

    const carolEvents = collect<StreamEvent>(carol, 'event');
    const done = await ok(alice, 'promotion:unpublish', { promotionId: promotion.id });
    expect(done.promotion.state).toBe('unpublished');
    await waitFor(() => carolEvents.some((e) => e.type === 'message:deleted'));
    const deletion = carolEvents.find((e) => e.type === 'message:deleted')!;
    expect(deletion).toMatchObject({
      streamId: orgStream.id,
      message: { id: published.promotion.orgMessageId, body: '' },
    });
    expect(deletion.message!.deletedAt).not.toBeNull();
    const original = (
      await ok(bob, 'history', { streamId: design.id, beforeSeq: Number.MAX_SAFE_INTEGER, limit: 500 })
    ).messages.find((m) => m.id === msg.id)!;
    expect(original.sharedAt).toBeNull();
    expect((await readStore(ts, (tx) => tx.audit.list({ action: 'promotion.unpublish' })))[0]).toMatchObject({
      target: promotion.id,
    });
  });

  it('re-checks the org URL policy at propose and at publish', async () => {
    const msg = await post(bob, 'read https://later.test/report');
    const second = await post(alice, 'also https://later.test');
    const { promotion } = await ok(bob, 'promotion:propose', { messageId: msg.id, clientId: uuidv7() });
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: ['later.test'] });
    const blocked = await request(alice, 'promotion:decide', { promotionId: promotion.id, approve: true });
    expect(code(blocked)).toBe('POLICY_BLOCKED');
    expect(
      (await ok(bob, 'promotion:list', { scope: 'mine' })).promotions.find((p) => p.id === promotion.id)!.state,
    ).toBe('awaiting_approval');
    expect(code(await propose(alice, second.id))).toBe('POLICY_BLOCKED');
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: [] });
    expect(await orgCopies(promotion.id)).toHaveLength(0);
  });

  it('publishes at once under the open policy, without an approver', async () => {
    await ts.server.admin.setPolicy({ org: 'Acme', team: 'engineering', policy: 'open' });
    const msg = await post(carol, 'open by default', engineering.id);
    const { promotion } = await ok(carol, 'promotion:propose', { messageId: msg.id, clientId: uuidv7() });
    expect(promotion).toMatchObject({ state: 'published', deciderId: null });
    const [copy] = await orgCopies(promotion.id);
    expect(copy!.provenance).toMatchObject({ approverId: null, sourceTeamName: 'Engineering' });
    // Someone else's post still needs the author's consent first.
    const other = await post(dave, 'dave writes', engineering.id);
    const viaCarol = await ok(carol, 'promotion:propose', { messageId: other.id, clientId: uuidv7() });
    expect(viaCarol.promotion.state).toBe('awaiting_consent');
    expect(
      (await ok(dave, 'promotion:consent', { promotionId: viaCarol.promotion.id, accept: true })).promotion.state,
    ).toBe('published');
  });
});

/** What the server tells each user they may do with these messages (promotion:permissions). */
const sharing = async (socket: ClientSocket, ...messages: Message[]) =>
  (await ok(socket, 'promotion:permissions', { messageIds: messages.map((m) => m.id) })).permissions;

describe('promotion:list carries the caller’s allowed steps', () => {
  it('per scope and person, including what a proposer who is not the author may not do', async () => {
    const original = await post(bob, 'worth a wider audience');
    const proposed = await ok(alice, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
    const id = proposed.promotion.id;
    const find = async (socket: ClientSocket, scope: 'mine' | 'queue' | 'consent') =>
      (await ok(socket, 'promotion:list', { scope })).promotions.find((p) => p.id === id);
    expect((await find(bob, 'consent'))?.actions).toEqual(['consent', 'withdraw']);
    expect((await find(alice, 'mine'))?.actions).toEqual(['withdraw']);
    await ok(bob, 'promotion:consent', { promotionId: id, accept: true });
    expect((await find(alice, 'queue'))?.actions).toEqual(['decide', 'withdraw']);
    expect((await find(dave, 'queue'))?.actions).toEqual(['decide']);
    await ok(dave, 'promotion:decide', { promotionId: id, approve: true });
    // published: only the author may ask to unpublish; the proposer (alice, a curator) may unpublish
    expect((await find(bob, 'mine'))?.actions).toEqual(['requestUnpublish']);
    expect((await find(alice, 'mine'))?.actions).toEqual(['unpublish']);
    await ok(bob, 'promotion:requestUnpublish', { promotionId: id });
    expect((await find(bob, 'mine'))?.actions).toEqual([]);
  });
});

describe('promotion:permissions', () => {
  it('says propose exactly where promotion:propose succeeds', async () => {
    const plain = await post(bob, 'plain team message');
    const reply = await post(alice, 'a reply', design.id, plain.id);
    const inOrg = await post(bob, 'in the org stream', orgStream.id);
    const gone = await post(bob, 'deleted soon');
    await ok(bob, 'message:delete', { messageId: gone.id });
    const proposedAlready = await post(bob, 'proposed already');
    await ok(bob, 'promotion:propose', { messageId: proposedAlready.id, clientId: uuidv7() });
    const candidates = [plain, reply, inOrg, gone, proposedAlready];
    const answers = await sharing(alice, ...candidates);
    expect(answers.map((a) => [a.messageId, a.propose])).toEqual([
      [plain.id, true],
      [reply.id, false],
      [inOrg.id, false],
      [gone.id, false],
      [proposedAlready.id, false],
    ]);
    for (const [i, message] of candidates.entries()) {
      const ack = await request(alice, 'promotion:propose', { messageId: message.id, clientId: uuidv7() });
      expect(ack.ok).toBe(answers[i]!.propose);
    }
    // once proposed, the answer turns
    expect((await sharing(alice, plain))[0]!.propose).toBe(false);
  });

  it('says unpublish on an org copy only to curators of the source team and org admins', async () => {
    const original = await post(bob, 'to be published');
    const { promotion } = await ok(bob, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
    const published = await ok(alice, 'promotion:decide', { promotionId: promotion.id, approve: true });
    const copy = { id: published.promotion.orgMessageId! } as Message;
    expect((await sharing(alice, copy))[0]).toMatchObject({ unpublish: true, propose: false });
    expect((await sharing(dave, copy))[0]).toMatchObject({ unpublish: true });
    expect((await sharing(bob, copy))[0]).toMatchObject({ unpublish: false });
    expect((await sharing(carol, copy))[0]).toMatchObject({ unpublish: false });
    expect((await request(bob, 'promotion:unpublish', { promotionId: promotion.id })).ok).toBe(false);
    await ok(dave, 'promotion:unpublish', { promotionId: promotion.id });
    expect((await sharing(alice, copy))[0]).toMatchObject({ unpublish: false });
  });

  it('leaves out messages the caller cannot read, whether they exist or not', async () => {
    const secret = await post(bob, 'design only');
    const answers = await sharing(carol, secret, { id: uuidv7() } as Message);
    expect(answers).toEqual([]);
    // a reader of the stream gets the answer
    expect((await sharing(alice, secret)).map((a) => a.messageId)).toEqual([secret.id]);
  });
});

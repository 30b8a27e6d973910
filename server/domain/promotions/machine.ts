/*
 * The promotion state machine's steps: propose → awaiting_consent → (policy) awaiting_approval →
 * published | declined | withdrawn, and published → unpublished. Each step checks its rule
 * (rules.ts), moves the row with a conditional UPDATE (so concurrent steps cannot both win) and
 * announces the change. Callers: the socket handlers, the delete path (messages.handlers.ts) and the
 * admin service (a member leaving). Run every step inside the caller's unit of work.
 */
import { uuidv7 } from '../../../shared/domain/ids';
import { parseReferences } from '../../../shared/domain/mentions';
import { ProtocolError, type Message, type Promotion, type PromotionState } from '../../../shared/protocol/index';
import type { Tx } from '../../db/store';
import { PUBLISHED_COPY_CLIENT_ID, type PromotionChange } from '../../repositories/promotions.repository';
import { copyFileRefs } from '../../files/attachments';
import type { StreamRecord } from '../../repositories/streams.repository';
import type { TeamRecord } from '../../repositories/teams.repository';
import type { UserRecord } from '../../repositories/users.repository';
import { refuseIfArchived } from '../archive';
import { checkBody } from '../references';
import { eraseMessage } from '../retention';
import { appendEvent } from '../streamLog';
import { announce, type StepContext } from './announce';
import { PENDING_STATES, proposalConflict, requireAction, type PromotionActor } from './rules';

export type { StepContext };

/** A user's standing toward a team's promotions. */
export async function actorFor(tx: Tx, user: UserRecord, teamId: string): Promise<PromotionActor> {
  return { userId: user.id, orgRole: user.orgRole, teamRole: await tx.teams.membershipRole(teamId, user.id) };
}

async function moveOrConflict(ctx: StepContext, id: string, from: PromotionState, change: PromotionChange) {
  if (!(await ctx.tx.promotions.transition(id, from, change)))
    throw new ProtocolError('CONFLICT', 'the promotion changed meanwhile; reload it');
}

/**
 * Why this user cannot propose this message now (CONFLICT), or a blocked URL (POLICY_BLOCKED); throws.
 * The same check answers `promotion:permissions`, so what a client offers is what propose accepts.
 */
export async function checkProposable(
  tx: Tx,
  user: UserRecord,
  message: Message,
  stream: StreamRecord,
  team: TeamRecord | null,
): Promise<void> {
  // Private by nature, not by circumstance: no state of the message could make it shareable.
  if (stream.kind === 'direct') throw new ProtocolError('FORBIDDEN', 'direct messages are never promoted');
  await refuseIfArchived(tx, stream);
  const conflict = proposalConflict({
    streamKind: team && stream.kind === 'team' ? 'team' : 'org',
    isReply: message.threadRootId !== null,
    deleted: message.deletedAt !== null,
    byAuthor: message.authorId === user.id,
    authorIsMember: team !== null && (await tx.teams.membershipRole(team.id, message.authorId)) !== null,
    hasActivePromotion: (await tx.promotions.getActive(message.id)) !== null,
  });
  if (conflict) throw new ProtocolError('CONFLICT', conflict);
  await checkBody(tx, stream.orgId, message.body, Number.MAX_SAFE_INTEGER);
}

/** A member of the message's team proposes it for the org stream: awaiting the author's consent, or (by the author) the next step at once. */
export async function proposePromotion(
  ctx: StepContext,
  input: { message: Message; stream: StreamRecord; team: TeamRecord | null; clientId: string; note: string | null },
): Promise<Promotion> {
  const { tx } = ctx;
  const { message, stream, team } = input;
  await checkProposable(tx, ctx.user, message, stream, team);
  const orgStream = team ? await tx.streams.getOrgStream(team.orgId) : null;
  if (!team || !orgStream) throw new ProtocolError('INTERNAL', 'organization has no org stream');
  const id = uuidv7(ctx.now);
  await tx.promotions.insert({
    id,
    clientId: input.clientId,
    messageId: message.id,
    sourceStreamId: stream.id,
    sourceTeamId: team.id,
    targetStreamId: orgStream.id,
    authorId: message.authorId,
    proposerId: ctx.user.id,
    note: input.note,
    snapshotBody: message.body,
    state: 'awaiting_consent',
    declinedBy: null,
    deciderId: null,
    decisionNote: null,
    orgMessageId: null,
    unpublishRequested: false,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  const created = await tx.promotions.get(id);
  if (!created) throw new ProtocolError('INTERNAL', 'promotion vanished');
  if (message.authorId === ctx.user.id) return afterConsent(ctx, created, team, 'awaiting_consent');
  return announce(
    ctx,
    id,
    'promotion.propose',
    [message.authorId],
    `${ctx.user.name} wants to share your post org-wide`,
  );
}

/** The author agrees (the next step per the team's policy) or declines. */
export async function consentToPromotion(
  ctx: StepContext,
  promotion: Promotion,
  team: TeamRecord,
  accept: boolean,
): Promise<Promotion> {
  requireAction(promotion, await actorFor(ctx.tx, ctx.user, team.id), 'consent');
  if (accept) return afterConsent(ctx, promotion, team, 'awaiting_consent');
  await moveOrConflict(ctx, promotion.id, 'awaiting_consent', {
    state: 'declined',
    at: ctx.now,
    declinedBy: 'author',
    deciderId: ctx.user.id,
  });
  return announce(ctx, promotion.id, 'promotion.decline', [promotion.proposerId], 'The author declined');
}

/** A curator of the team (or an org admin) approves, publishing at once, or declines. */
export async function decidePromotion(
  ctx: StepContext,
  promotion: Promotion,
  team: TeamRecord,
  approve: boolean,
  note: string | null,
): Promise<Promotion> {
  requireAction(promotion, await actorFor(ctx.tx, ctx.user, team.id), 'decide');
  if (approve) return publish(ctx, promotion, team, 'awaiting_approval', note);
  await moveOrConflict(ctx, promotion.id, 'awaiting_approval', {
    state: 'declined',
    at: ctx.now,
    declinedBy: 'curator',
    deciderId: ctx.user.id,
    decisionNote: note,
  });
  return announce(ctx, promotion.id, 'promotion.decline', [promotion.authorId, promotion.proposerId], 'Declined');
}

/** The author or the proposer takes it back before it is published. */
export async function withdrawPromotion(ctx: StepContext, promotion: Promotion, team: TeamRecord): Promise<Promotion> {
  requireAction(promotion, await actorFor(ctx.tx, ctx.user, team.id), 'withdraw');
  return moveToWithdrawn(ctx, promotion, 'Withdrawn');
}

/** The author asks the curators to take a published copy down; asking again changes nothing. */
export async function requestUnpublish(ctx: StepContext, promotion: Promotion, team: TeamRecord): Promise<Promotion> {
  requireAction(promotion, await actorFor(ctx.tx, ctx.user, team.id), 'requestUnpublish');
  if (promotion.unpublishRequested) return promotion;
  if (!(await ctx.tx.promotions.markUnpublishRequested(promotion.id, ctx.now)))
    throw new ProtocolError('CONFLICT', 'the promotion changed meanwhile');
  const curators = await ctx.tx.teams.memberIds(team.id, 'curator');
  return announce(ctx, promotion.id, 'promotion.unpublish_request', curators, 'The author asks to unpublish');
}

/** A curator (or org admin) takes the org copy down; caches drop it through its `message:deleted`. */
export async function unpublishPromotion(ctx: StepContext, promotion: Promotion, team: TeamRecord): Promise<Promotion> {
  const { tx } = ctx;
  requireAction(promotion, await actorFor(tx, ctx.user, team.id), 'unpublish');
  await moveOrConflict(ctx, promotion.id, 'published', { state: 'unpublished', at: ctx.now });
  const copy = promotion.orgMessageId ? await tx.messages.get(promotion.orgMessageId) : null;
  if (copy && copy.deletedAt === null) {
    await eraseMessage(tx, copy.id, ctx.now);
    await appendEvent(tx, ctx.effects, {
      streamId: copy.streamId,
      type: 'message:deleted',
      actorId: ctx.user.id,
      at: ctx.now,
      message: await tx.messages.get(copy.id),
    });
  }
  await tx.messages.setSharedAt(promotion.messageId, null);
  // Published, the snapshot outlived a deleted original; unpublished, it goes the way of the original.
  if ((await tx.messages.get(promotion.messageId))?.deletedAt !== null)
    await tx.promotions.redactUnpublishedSnapshots(promotion.messageId, promotion.sourceStreamId);
  return announce(ctx, promotion.id, 'promotion.unpublish', [promotion.authorId, promotion.proposerId], 'Unpublished');
}

/**
 * `ctx.user` has just left the team (call inside the removal's transaction, after the membership is
 * gone): every pending promotion of the team they authored or proposed is withdrawn, as if they had
 * withdrawn it themselves, so nothing they can no longer see stays on its way to the org stream.
 */
export async function withdrawOnLeave(ctx: StepContext, teamId: string): Promise<Promotion[]> {
  const withdrawn: Promotion[] = [];
  for (const p of await ctx.tx.promotions.listPendingInvolving(teamId, ctx.user.id))
    withdrawn.push(
      await moveToWithdrawn(ctx, p, `Withdrawn: ${ctx.user.name} left the team`, { reason: 'member.remove' }),
    );
  return withdrawn;
}

/**
 * An original was deleted (call inside the deletion's transaction): a pending promotion of it can never
 * be published, so it is withdrawn (leaving the curators' queue), and every snapshot of it that is not
 * published is emptied.
 */
export async function settleDeletedOriginal(ctx: StepContext, messageId: string, streamId: string): Promise<void> {
  const pending = await ctx.tx.promotions.getActive(messageId);
  if (pending && PENDING_STATES.includes(pending.state)) {
    await moveOrConflict(ctx, pending.id, pending.state, { state: 'withdrawn', at: ctx.now });
    await ctx.tx.promotions.redactUnpublishedSnapshots(messageId, streamId);
    await announce(
      ctx,
      pending.id,
      'promotion.withdraw',
      [pending.authorId, pending.proposerId],
      'Withdrawn: the post was deleted',
    );
    return;
  }
  await ctx.tx.promotions.redactUnpublishedSnapshots(messageId, streamId);
}

/** Moves a pending promotion to `withdrawn` and announces it. */
async function moveToWithdrawn(
  ctx: StepContext,
  promotion: Promotion,
  text: string,
  auditDetail?: Record<string, unknown>,
): Promise<Promotion> {
  await moveOrConflict(ctx, promotion.id, promotion.state, { state: 'withdrawn', at: ctx.now });
  return announce(
    ctx,
    promotion.id,
    'promotion.withdraw',
    [promotion.authorId, promotion.proposerId],
    text,
    auditDetail,
  );
}

/** The step after the author is on board: the team's policy decides between approval and publishing. */
async function afterConsent(
  ctx: StepContext,
  promotion: Promotion,
  team: TeamRecord,
  from: PromotionState,
): Promise<Promotion> {
  if (team.policy === 'open') return publish(ctx, promotion, team, from, null);
  await moveOrConflict(ctx, promotion.id, from, { state: 'awaiting_approval', at: ctx.now });
  const curators = await ctx.tx.teams.memberIds(team.id, 'curator');
  return announce(ctx, promotion.id, 'promotion.submit', curators, 'Awaiting your approval');
}

/** Publishing: guarded by a conditional UPDATE, so concurrent approvals make exactly one copy. */
async function publish(
  ctx: StepContext,
  promotion: Promotion,
  team: TeamRecord,
  from: PromotionState,
  note: string | null,
): Promise<Promotion> {
  const { tx } = ctx;
  await checkBody(tx, team.orgId, promotion.snapshotBody, Number.MAX_SAFE_INTEGER, 'snapshotBody');
  const original = await tx.messages.get(promotion.messageId);
  if (original?.deletedAt !== null)
    throw new ProtocolError('CONFLICT', 'the original was deleted; decline or withdraw');
  const orgStream = await tx.streams.getOrgStream(team.orgId);
  const author = await tx.users.get(promotion.authorId);
  const proposer = await tx.users.get(promotion.proposerId);
  if (!orgStream || !author || !proposer) throw new ProtocolError('INTERNAL', 'promotion references are broken');
  // Only a decision from the approval queue has an approver; open-policy publishing has none.
  const approver = from === 'awaiting_approval' ? ctx.user : null;
  const orgMessageId = uuidv7(ctx.now);
  await moveOrConflict(ctx, promotion.id, from, {
    state: 'published',
    at: ctx.now,
    ...(approver ? { deciderId: approver.id } : {}),
    decisionNote: note,
  });
  const seq = await tx.streams.allocateSeq(orgStream.id);
  await tx.messages.insert({
    id: orgMessageId,
    streamId: orgStream.id,
    seq,
    authorId: promotion.authorId,
    clientId: `${PUBLISHED_COPY_CLIENT_ID}${promotion.id}`,
    body: promotion.snapshotBody,
    threadRootId: null,
    // A promoted @all or @team must not page the whole organization at publish time.
    mentions: [],
    tags: parseReferences(promotion.snapshotBody).tags,
    createdAt: ctx.now,
    provenance: {
      promotionId: promotion.id,
      sourceStreamId: promotion.sourceStreamId,
      sourceMessageId: promotion.messageId,
      sourceTeamId: team.id,
      sourceTeamName: team.name,
      authorId: author.id,
      authorName: original.integration?.name ?? author.name,
      proposerId: proposer.id,
      proposerName: proposer.name,
      approverId: approver?.id ?? null,
      approverName: approver?.name ?? null,
      publishedAt: ctx.now,
    },
    // an integration's post stays the integration's in its org-wide copy
    integration: original.integration ?? null,
  });
  // the copy carries the original's files: its readers download them through it
  await copyFileRefs(tx, promotion.messageId, orgMessageId, orgStream.id, ctx.now);
  await appendEvent(tx, ctx.effects, {
    streamId: orgStream.id,
    type: 'message:created',
    actorId: ctx.user.id,
    at: ctx.now,
    message: await tx.messages.get(orgMessageId),
    seq,
  });
  await tx.promotions.setOrgMessage(promotion.id, orgMessageId);
  await tx.messages.setSharedAt(promotion.messageId, ctx.now);
  return announce(
    ctx,
    promotion.id,
    'promotion.publish',
    [promotion.authorId, promotion.proposerId],
    'Published org-wide',
  );
}

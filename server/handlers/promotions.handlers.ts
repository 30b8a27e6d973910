import { uuidv7 } from '../../shared/domain/ids';
import { parseReferences } from '../../shared/domain/mentions';
import { ProtocolError, type Promotion, type PromotionState } from '../../shared/protocol/index';
import { accessMessage } from '../domain/access';
import { excerpt } from '../domain/effects';
import { checkBody } from '../domain/references';
import { eraseMessage } from '../domain/retention';
import { appendEvent } from '../domain/streamLog';
import { insertAudit } from '../repositories/audit.repository';
import { getMessage, insertMessage, setSharedAt } from '../repositories/messages.repository';
import {
  getActivePromotion,
  getPromotion,
  getPromotionByClientId,
  insertPromotion,
  listAwaitingApproval,
  listAwaitingConsent,
  listMine,
  listPendingInvolving,
  markUnpublishRequested,
  PUBLISHED_COPY_CLIENT_ID,
  redactUnpublishedSnapshots,
  setOrgMessage,
  transition,
} from '../repositories/promotions.repository';
import { allocateSeq, getOrgStream } from '../repositories/streams.repository';
import {
  getMembershipRole,
  getTeam,
  listOrgTeams,
  listTeamMemberIds,
  listUserTeams,
  type TeamRecord,
} from '../repositories/teams.repository';
import { getUser } from '../repositories/users.repository';
import type { Handler, HandlerContext } from './context';

/** What one step of the state machine needs; the admin service runs steps too (a member leaving). */
export type StepContext = Pick<HandlerContext, 'db' | 'user' | 'effects' | 'now'>;

function load(ctx: HandlerContext, promotionId: string): { promotion: Promotion; team: TeamRecord } {
  const promotion = getPromotion(ctx.db, promotionId);
  const team = promotion ? getTeam(ctx.db, promotion.sourceTeamId) : null;
  // Another organization's promotion answers exactly like a missing one.
  if (!promotion || !team || team.orgId !== ctx.user.orgId)
    throw new ProtocolError('NOT_FOUND', 'no such promotion', 'promotionId');
  return { promotion, team };
}

function mayDecide(ctx: HandlerContext, team: TeamRecord): boolean {
  return ctx.user.orgRole === 'admin' || getMembershipRole(ctx.db, team.id, ctx.user.id) === 'curator';
}

function expectState(promotion: Promotion, states: PromotionState[]): void {
  if (!states.includes(promotion.state)) {
    throw new ProtocolError('CONFLICT', `promotion is ${promotion.state}, expected ${states.join(' or ')}`);
  }
}

function moveOrConflict(
  ctx: StepContext,
  id: string,
  from: PromotionState,
  change: Parameters<typeof transition>[3],
): void {
  if (!transition(ctx.db, id, from, change))
    throw new ProtocolError('CONFLICT', 'the promotion changed meanwhile; reload it');
}

/**
 * After a change: log `promotion:changed` in the source stream (with the original message), audit it,
 * push `promotion:updated` to everyone involved and a `notification` to whoever must act next. Only
 * current members of the source team hear about it: someone who left the team is no longer involved.
 */
export function announce(
  ctx: StepContext,
  id: string,
  action: string,
  notify: string[],
  text: string,
  auditDetail: Record<string, unknown> = {},
): Promotion {
  const promotion = getPromotion(ctx.db, id);
  if (!promotion) throw new ProtocolError('INTERNAL', 'promotion vanished');
  appendEvent(ctx.db, ctx.effects, {
    streamId: promotion.sourceStreamId,
    type: 'promotion:changed',
    actorId: ctx.user.id,
    at: ctx.now,
    message: getMessage(ctx.db, promotion.messageId),
    promotion,
  });
  insertAudit(ctx.db, {
    at: ctx.now,
    orgId: ctx.user.orgId,
    actorId: ctx.user.id,
    action,
    target: promotion.id,
    detail: {
      messageId: promotion.messageId,
      state: promotion.state,
      teamId: promotion.sourceTeamId,
      ...auditDetail,
    },
  });
  const members = new Set(listTeamMemberIds(ctx.db, promotion.sourceTeamId));
  const curators = listTeamMemberIds(ctx.db, promotion.sourceTeamId, 'curator');
  ctx.effects.promotionUpdates.push({
    userIds: [...new Set([promotion.authorId, promotion.proposerId, ...curators])].filter((u) => members.has(u)),
    promotion,
  });
  for (const userId of new Set(notify)) {
    if (userId === ctx.user.id || !members.has(userId)) continue;
    ctx.effects.notifications.push({
      userId,
      notification: {
        kind: 'promotion',
        streamId: promotion.sourceStreamId,
        messageId: promotion.messageId,
        promotionId: promotion.id,
        actorId: ctx.user.id,
        actorName: ctx.user.name,
        text: `${text}: ${excerpt(promotion.snapshotBody, 100)}`,
        at: ctx.now,
      },
    });
  }
  return promotion;
}

/** Publishing: one transaction guarded by a conditional UPDATE, so concurrent approvals make one copy. */
function publish(
  ctx: HandlerContext,
  promotion: Promotion,
  team: TeamRecord,
  from: PromotionState,
  note: string | null,
): Promotion {
  const { db } = ctx;
  checkBody(db, team.orgId, promotion.snapshotBody, Number.MAX_SAFE_INTEGER, 'snapshotBody');
  if (getMessage(db, promotion.messageId)?.deletedAt !== null)
    throw new ProtocolError('CONFLICT', 'the original was deleted; decline or withdraw');
  const orgStream = getOrgStream(db, team.orgId);
  const author = getUser(db, promotion.authorId);
  const proposer = getUser(db, promotion.proposerId);
  if (!orgStream || !author || !proposer) throw new ProtocolError('INTERNAL', 'promotion references are broken');
  // Only a decision from the approval queue has an approver; open-policy publishing has none.
  const approver = from === 'awaiting_approval' ? ctx.user : null;
  const orgMessageId = uuidv7(ctx.now);
  moveOrConflict(ctx, promotion.id, from, {
    state: 'published',
    at: ctx.now,
    ...(approver ? { deciderId: approver.id } : {}),
    decisionNote: note,
  });
  const seq = allocateSeq(db, orgStream.id);
  insertMessage(db, {
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
      authorName: author.name,
      proposerId: proposer.id,
      proposerName: proposer.name,
      approverId: approver?.id ?? null,
      approverName: approver?.name ?? null,
      publishedAt: ctx.now,
    },
  });
  appendEvent(db, ctx.effects, {
    streamId: orgStream.id,
    type: 'message:created',
    actorId: ctx.user.id,
    at: ctx.now,
    message: getMessage(db, orgMessageId),
    seq,
  });
  setOrgMessage(db, promotion.id, orgMessageId);
  setSharedAt(db, promotion.messageId, ctx.now);
  return announce(
    ctx,
    promotion.id,
    'promotion.publish',
    [promotion.authorId, promotion.proposerId],
    'Published org-wide',
  );
}

/** The step after the author is on board: the team's policy decides between approval and publishing. */
function afterConsent(ctx: HandlerContext, promotion: Promotion, team: TeamRecord, from: PromotionState): Promotion {
  if (team.policy === 'open') return publish(ctx, promotion, team, from, null);
  moveOrConflict(ctx, promotion.id, from, { state: 'awaiting_approval', at: ctx.now });
  const curators = listTeamMemberIds(ctx.db, team.id, 'curator');
  return announce(ctx, promotion.id, 'promotion.submit', curators, 'Awaiting your approval');
}

/** `promotion:propose`: a member of the team proposes one of its top-level messages for the org stream. */
export const promotionPropose: Handler<'promotion:propose'> = (ctx, { messageId, clientId, note }) => {
  const { db } = ctx;
  // Access first: a resend by someone who has since left the team must not read the promotion back.
  const { stream, team, message } = accessMessage(db, ctx.user, messageId);
  const existing = getPromotionByClientId(db, ctx.user.id, clientId);
  if (existing) return { promotion: existing };
  if (stream.kind !== 'team' || !team) throw new ProtocolError('CONFLICT', 'only team stream messages can be promoted');
  if (message.threadRootId !== null) throw new ProtocolError('CONFLICT', 'only top-level messages can be promoted');
  if (message.deletedAt !== null) throw new ProtocolError('CONFLICT', 'the message was deleted');
  checkBody(db, team.orgId, message.body, Number.MAX_SAFE_INTEGER);
  // An author who left the team could never consent: their post stays in the team.
  if (message.authorId !== ctx.user.id && getMembershipRole(db, team.id, message.authorId) === null)
    throw new ProtocolError('CONFLICT', 'the author is no longer a member of the team');
  const orgStream = getOrgStream(db, team.orgId);
  if (!orgStream) throw new ProtocolError('INTERNAL', 'organization has no org stream');
  return db.transaction(() => {
    if (getActivePromotion(db, messageId))
      throw new ProtocolError('CONFLICT', 'this message is already proposed or published');
    const byAuthor = message.authorId === ctx.user.id;
    const id = uuidv7(ctx.now);
    insertPromotion(db, {
      id,
      clientId,
      messageId,
      sourceStreamId: stream.id,
      sourceTeamId: team.id,
      targetStreamId: orgStream.id,
      authorId: message.authorId,
      proposerId: ctx.user.id,
      note: note ?? null,
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
    const created = getPromotion(db, id);
    if (!created) throw new ProtocolError('INTERNAL', 'promotion vanished');
    if (byAuthor) return { promotion: afterConsent(ctx, created, team, 'awaiting_consent') };
    return {
      promotion: announce(
        ctx,
        id,
        'promotion.propose',
        [message.authorId],
        `${ctx.user.name} wants to share your post org-wide`,
      ),
    };
  })();
};

/** `promotion:consent`: the author agrees (next step per policy) or declines. */
export const promotionConsent: Handler<'promotion:consent'> = (ctx, { promotionId, accept }) => {
  const { promotion, team } = load(ctx, promotionId);
  if (promotion.authorId !== ctx.user.id) throw new ProtocolError('FORBIDDEN', 'only the author may consent');
  // Leaving the team withdraws pending promotions; this guards anything that slipped through.
  if (getMembershipRole(ctx.db, team.id, ctx.user.id) === null)
    throw new ProtocolError('FORBIDDEN', 'only a member of the team may consent');
  expectState(promotion, ['awaiting_consent']);
  return ctx.db.transaction(() => {
    if (accept) return { promotion: afterConsent(ctx, promotion, team, 'awaiting_consent') };
    moveOrConflict(ctx, promotionId, 'awaiting_consent', {
      state: 'declined',
      at: ctx.now,
      declinedBy: 'author',
      deciderId: ctx.user.id,
    });
    return {
      promotion: announce(ctx, promotionId, 'promotion.decline', [promotion.proposerId], 'The author declined'),
    };
  })();
};

/** `promotion:decide`: a curator of the team (or an org admin) approves, publishing at once, or declines. */
export const promotionDecide: Handler<'promotion:decide'> = (ctx, { promotionId, approve, note }) => {
  const { promotion, team } = load(ctx, promotionId);
  if (!mayDecide(ctx, team)) throw new ProtocolError('FORBIDDEN', 'only curators of the team or org admins decide');
  expectState(promotion, ['awaiting_approval']);
  return ctx.db.transaction(() => {
    if (approve) return { promotion: publish(ctx, promotion, team, 'awaiting_approval', note ?? null) };
    moveOrConflict(ctx, promotionId, 'awaiting_approval', {
      state: 'declined',
      at: ctx.now,
      declinedBy: 'curator',
      deciderId: ctx.user.id,
      decisionNote: note ?? null,
    });
    return {
      promotion: announce(
        ctx,
        promotionId,
        'promotion.decline',
        [promotion.authorId, promotion.proposerId],
        'Declined',
      ),
    };
  })();
};

/** `promotion:withdraw`: the author or the proposer takes it back before it is published. */
export const promotionWithdraw: Handler<'promotion:withdraw'> = (ctx, { promotionId }) => {
  const { promotion } = load(ctx, promotionId);
  if (ctx.user.id !== promotion.authorId && ctx.user.id !== promotion.proposerId) {
    throw new ProtocolError('FORBIDDEN', 'only the author or the proposer may withdraw');
  }
  expectState(promotion, ['awaiting_consent', 'awaiting_approval']);
  return ctx.db.transaction(() => ({ promotion: withdraw(ctx, promotion, 'Withdrawn') }))();
};

/** Moves a pending promotion to `withdrawn` and announces it; runs inside the caller's transaction. */
function withdraw(
  ctx: StepContext,
  promotion: Promotion,
  text: string,
  auditDetail?: Record<string, unknown>,
): Promotion {
  moveOrConflict(ctx, promotion.id, promotion.state, { state: 'withdrawn', at: ctx.now });
  return announce(
    ctx,
    promotion.id,
    'promotion.withdraw',
    [promotion.authorId, promotion.proposerId],
    text,
    auditDetail,
  );
}

/**
 * `ctx.user` has just left the team (call inside the removal's transaction, after the membership is
 * gone): every pending promotion of the team they authored or proposed is withdrawn, as if they had
 * withdrawn it themselves, so nothing they can no longer see stays on its way to the org stream.
 */
export function withdrawOnLeave(ctx: StepContext, teamId: string): Promotion[] {
  return listPendingInvolving(ctx.db, teamId, ctx.user.id).map((p) =>
    withdraw(ctx, p, `Withdrawn: ${ctx.user.name} left the team`, { reason: 'member.remove' }),
  );
}

/** `promotion:requestUnpublish`: the author asks the curators to take a published copy down. */
export const promotionRequestUnpublish: Handler<'promotion:requestUnpublish'> = (ctx, { promotionId }) => {
  const { promotion, team } = load(ctx, promotionId);
  if (promotion.authorId !== ctx.user.id) throw new ProtocolError('FORBIDDEN', 'only the author may ask to unpublish');
  expectState(promotion, ['published']);
  if (promotion.unpublishRequested) return { promotion };
  return ctx.db.transaction(() => {
    if (!markUnpublishRequested(ctx.db, promotionId, ctx.now))
      throw new ProtocolError('CONFLICT', 'the promotion changed meanwhile');
    const curators = listTeamMemberIds(ctx.db, team.id, 'curator');
    return {
      promotion: announce(ctx, promotionId, 'promotion.unpublish_request', curators, 'The author asks to unpublish'),
    };
  })();
};

/** `promotion:unpublish`: a curator (or org admin) takes the org copy down; caches drop it via `message:deleted`. */
export const promotionUnpublish: Handler<'promotion:unpublish'> = (ctx, { promotionId }) => {
  const { promotion, team } = load(ctx, promotionId);
  if (!mayDecide(ctx, team)) throw new ProtocolError('FORBIDDEN', 'only curators of the team or org admins unpublish');
  expectState(promotion, ['published']);
  return ctx.db.transaction(() => {
    moveOrConflict(ctx, promotionId, 'published', { state: 'unpublished', at: ctx.now });
    const copy = promotion.orgMessageId ? getMessage(ctx.db, promotion.orgMessageId) : null;
    if (copy && copy.deletedAt === null) {
      eraseMessage(ctx.db, copy.id, ctx.now);
      appendEvent(ctx.db, ctx.effects, {
        streamId: copy.streamId,
        type: 'message:deleted',
        actorId: ctx.user.id,
        at: ctx.now,
        message: getMessage(ctx.db, copy.id),
      });
    }
    setSharedAt(ctx.db, promotion.messageId, null);
    // Published, the snapshot outlived a deleted original; unpublished, it goes the way of the original.
    if (getMessage(ctx.db, promotion.messageId)?.deletedAt !== null)
      redactUnpublishedSnapshots(ctx.db, promotion.messageId, promotion.sourceStreamId);
    return {
      promotion: announce(
        ctx,
        promotionId,
        'promotion.unpublish',
        [promotion.authorId, promotion.proposerId],
        'Unpublished',
      ),
    };
  })();
};

/** `promotion:list`: mine (proposed or authored, in teams I belong to), queue (awaiting my approval), consent (awaiting my consent). */
export const promotionList: Handler<'promotion:list'> = (ctx, { scope }) => {
  if (scope === 'mine') return { promotions: listMine(ctx.db, ctx.user.id) };
  if (scope === 'consent') return { promotions: listAwaitingConsent(ctx.db, ctx.user.id) };
  const teams =
    ctx.user.orgRole === 'admin'
      ? listOrgTeams(ctx.db, ctx.user.orgId)
      : listUserTeams(ctx.db, ctx.user.id).filter((t) => t.role === 'curator');
  return {
    promotions: listAwaitingApproval(
      ctx.db,
      teams.map((t) => t.id),
    ),
  };
};

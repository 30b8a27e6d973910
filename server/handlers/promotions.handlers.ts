/*
 * Promotion requests: find the promotion (another organization's answers like a missing one), then run
 * the state machine's step (server/domain/promotions/) in one transaction. The rules live there.
 */
import { ProtocolError, type Promotion } from '../../shared/protocol/index';
import { accessMessage } from '../domain/access';
import {
  consentToPromotion,
  decidePromotion,
  proposePromotion,
  requestUnpublish,
  unpublishPromotion,
  withdrawPromotion,
} from '../domain/promotions/machine';
import { messageSharing, promotionViews } from '../domain/promotions/permissions';
import {
  getPromotion,
  getPromotionByClientId,
  listAwaitingApproval,
  listAwaitingConsent,
  listMine,
} from '../repositories/promotions.repository';
import { getTeam, listOrgTeams, listUserTeams, type TeamRecord } from '../repositories/teams.repository';
import type { Handler, HandlerContext } from './context';

function load(ctx: HandlerContext, promotionId: string): { promotion: Promotion; team: TeamRecord } {
  const promotion = getPromotion(ctx.db, promotionId);
  const team = promotion ? getTeam(ctx.db, promotion.sourceTeamId) : null;
  // Another organization's promotion answers exactly like a missing one.
  if (!promotion || !team || team.orgId !== ctx.user.orgId)
    throw new ProtocolError('NOT_FOUND', 'no such promotion', 'promotionId');
  return { promotion, team };
}

/** `promotion:propose`: a member of the team proposes one of its top-level messages for the org stream. */
export const promotionPropose: Handler<'promotion:propose'> = (ctx, { messageId, clientId, note }) => {
  const { db } = ctx;
  // Access first: a resend by someone who has since left the team must not read the promotion back.
  const { stream, team, message } = accessMessage(db, ctx.user, messageId);
  const existing = getPromotionByClientId(db, ctx.user.id, clientId);
  if (existing) return { promotion: existing };
  return db.transaction(() => ({
    promotion: proposePromotion(ctx, { message, stream, team, clientId, note: note ?? null }),
  }))();
};

/** `promotion:consent`: the author agrees (next step per policy) or declines. */
export const promotionConsent: Handler<'promotion:consent'> = (ctx, { promotionId, accept }) => {
  const { promotion, team } = load(ctx, promotionId);
  return ctx.db.transaction(() => ({ promotion: consentToPromotion(ctx, promotion, team, accept) }))();
};

/** `promotion:decide`: a curator of the team (or an org admin) approves, publishing at once, or declines. */
export const promotionDecide: Handler<'promotion:decide'> = (ctx, { promotionId, approve, note }) => {
  const { promotion, team } = load(ctx, promotionId);
  return ctx.db.transaction(() => ({ promotion: decidePromotion(ctx, promotion, team, approve, note ?? null) }))();
};

/** `promotion:withdraw`: the author or the proposer takes it back before it is published. */
export const promotionWithdraw: Handler<'promotion:withdraw'> = (ctx, { promotionId }) => {
  const { promotion, team } = load(ctx, promotionId);
  return ctx.db.transaction(() => ({ promotion: withdrawPromotion(ctx, promotion, team) }))();
};

/** `promotion:requestUnpublish`: the author asks the curators to take a published copy down. */
export const promotionRequestUnpublish: Handler<'promotion:requestUnpublish'> = (ctx, { promotionId }) => {
  const { promotion, team } = load(ctx, promotionId);
  return ctx.db.transaction(() => ({ promotion: requestUnpublish(ctx, promotion, team) }))();
};

/** `promotion:unpublish`: a curator (or org admin) takes the org copy down; caches drop it via `message:deleted`. */
export const promotionUnpublish: Handler<'promotion:unpublish'> = (ctx, { promotionId }) => {
  const { promotion, team } = load(ctx, promotionId);
  return ctx.db.transaction(() => ({ promotion: unpublishPromotion(ctx, promotion, team) }))();
};

/**
 * `promotion:list`: mine (proposed or authored, in teams I belong to), queue (awaiting my approval),
 * consent (awaiting my consent); each with the steps I may take now.
 */
export const promotionList: Handler<'promotion:list'> = (ctx, { scope }) => {
  if (scope === 'mine') return { promotions: promotionViews(ctx.db, ctx.user, listMine(ctx.db, ctx.user.id)) };
  if (scope === 'consent')
    return { promotions: promotionViews(ctx.db, ctx.user, listAwaitingConsent(ctx.db, ctx.user.id)) };
  const teams =
    ctx.user.orgRole === 'admin'
      ? listOrgTeams(ctx.db, ctx.user.orgId)
      : listUserTeams(ctx.db, ctx.user.id).filter((t) => t.role === 'curator');
  const queue = listAwaitingApproval(
    ctx.db,
    teams.map((t) => t.id),
  );
  return { promotions: promotionViews(ctx.db, ctx.user, queue) };
};

/** `promotion:permissions`: for each message I can read, whether I may propose it or unpublish its org copy. */
export const promotionPermissions: Handler<'promotion:permissions'> = (ctx, { messageIds }) => ({
  permissions: messageSharing(ctx.db, ctx.user, messageIds),
});

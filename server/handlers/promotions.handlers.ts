/*
 * Promotion requests: find the promotion (another organization's answers like a missing one), then run
 * the state machine's step (server/domain/promotions/) in the request's unit of work. The rules live there.
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
import type { TeamRecord } from '../repositories/teams.repository';
import type { Handler, HandlerContext } from './context';

async function load(ctx: HandlerContext, promotionId: string): Promise<{ promotion: Promotion; team: TeamRecord }> {
  const promotion = await ctx.tx.promotions.get(promotionId);
  const team = promotion ? await ctx.tx.teams.get(promotion.sourceTeamId) : null;
  // Another organization's promotion answers exactly like a missing one.
  if (!promotion || !team || team.orgId !== ctx.user.orgId)
    throw new ProtocolError('NOT_FOUND', 'no such promotion', 'promotionId');
  return { promotion, team };
}

/**
 * `promotion:propose`: a member of the team proposes one of its top-level messages for the org stream.
 * Idempotent on (proposer, clientId); a race between two nodes is settled by that unique key.
 */
export const promotionPropose: Handler<'promotion:propose'> = async (ctx, { messageId, clientId, note }) => {
  // Access first: a resend by someone who has since left the team must not read the promotion back.
  const { stream, team, message } = await accessMessage(ctx.tx, ctx.user, messageId);
  const existing = await ctx.tx.promotions.getByClientId(ctx.user.id, clientId);
  if (existing) return { promotion: existing };
  return { promotion: await proposePromotion(ctx, { message, stream, team, clientId, note: note ?? null }) };
};

/** `promotion:consent`: the author agrees (next step per policy) or declines. */
export const promotionConsent: Handler<'promotion:consent'> = async (ctx, { promotionId, accept }) => {
  const { promotion, team } = await load(ctx, promotionId);
  return { promotion: await consentToPromotion(ctx, promotion, team, accept) };
};

/** `promotion:decide`: a curator of the team (or an org admin) approves, publishing at once, or declines. */
export const promotionDecide: Handler<'promotion:decide'> = async (ctx, { promotionId, approve, note }) => {
  const { promotion, team } = await load(ctx, promotionId);
  return { promotion: await decidePromotion(ctx, promotion, team, approve, note ?? null) };
};

/** `promotion:withdraw`: the author or the proposer takes it back before it is published. */
export const promotionWithdraw: Handler<'promotion:withdraw'> = async (ctx, { promotionId }) => {
  const { promotion, team } = await load(ctx, promotionId);
  return { promotion: await withdrawPromotion(ctx, promotion, team) };
};

/** `promotion:requestUnpublish`: the author asks the curators to take a published copy down. */
export const promotionRequestUnpublish: Handler<'promotion:requestUnpublish'> = async (ctx, { promotionId }) => {
  const { promotion, team } = await load(ctx, promotionId);
  return { promotion: await requestUnpublish(ctx, promotion, team) };
};

/** `promotion:unpublish`: a curator (or org admin) takes the org copy down; caches drop it via `message:deleted`. */
export const promotionUnpublish: Handler<'promotion:unpublish'> = async (ctx, { promotionId }) => {
  const { promotion, team } = await load(ctx, promotionId);
  return { promotion: await unpublishPromotion(ctx, promotion, team) };
};

/**
 * `promotion:list`: mine (proposed or authored, in teams I belong to), queue (awaiting my approval),
 * consent (awaiting my consent); each with the steps I may take now.
 */
export const promotionList: Handler<'promotion:list'> = async ({ tx, user }, { scope }) => {
  if (scope === 'mine') return { promotions: await promotionViews(tx, user, await tx.promotions.listMine(user.id)) };
  if (scope === 'consent')
    return { promotions: await promotionViews(tx, user, await tx.promotions.listAwaitingConsent(user.id)) };
  const teams =
    user.orgRole === 'admin'
      ? await tx.teams.listByOrg(user.orgId)
      : (await tx.teams.listForUser(user.id)).filter((t) => t.role === 'curator');
  const queue = await tx.promotions.listAwaitingApproval(teams.map((t) => t.id));
  return { promotions: await promotionViews(tx, user, queue) };
};

/** `promotion:permissions`: for each message I can read, whether I may propose it or unpublish its org copy. */
export const promotionPermissions: Handler<'promotion:permissions'> = async ({ tx, user }, { messageIds }) => ({
  permissions: await messageSharing(tx, user, messageIds),
});

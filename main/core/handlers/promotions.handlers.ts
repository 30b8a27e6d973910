import type { Promotion } from '../../../shared/protocol/entities';
import { ProtocolError } from '../../../shared/protocol/errors';
import { getMessage } from '../cache/messages';
import { listScope, replaceScope, upsertPromotion } from '../cache/promotions';
import { unwrap, type Handler, type HandlerContext } from './context';
import { queueItem } from './outbox.handlers';

function storePromotion(ctx: HandlerContext, promotion: Promotion): { promotion: Promotion } {
  upsertPromotion(ctx.account().db, promotion);
  ctx.changed([promotion.sourceStreamId], ['promotions']);
  return { promotion };
}

/** `promotion:propose`: queued in the outbox (works offline), like a send. */
export const promotionPropose: Handler<'promotion:propose'> = (ctx, req) => {
  const message = getMessage(ctx.account().db, req.messageId);
  if (!message) throw new ProtocolError('NOT_FOUND', 'message is not in the cache', 'messageId');
  const item = {
    kind: 'propose',
    streamId: message.streamId,
    messageId: req.messageId,
    note: req.note ?? null,
  } as const;
  return queueItem(ctx, item, ['outbox', 'promotions']);
};

/** `promotion:list`: the server's list when online (cached for later), the last one seen offline. */
export const promotionList: Handler<'promotion:list'> = async (ctx, req) => {
  const acc = ctx.account();
  if (!acc.engine.online) return { promotions: listScope(acc.db, req.scope) };
  const res = unwrap(await acc.engine.request('promotion:list', req));
  replaceScope(acc.db, req.scope, res.promotions);
  return { promotions: res.promotions };
};

/** `promotion:permissions`: what the server lets me do with these messages; offline nothing is known. */
export const promotionPermissions: Handler<'promotion:permissions'> = async (ctx, req) => {
  const acc = ctx.account();
  // offline the renderer keeps what it was last told
  if (!acc.engine.online) return { permissions: [] };
  return { permissions: unwrap(await acc.engine.request('promotion:permissions', req)).permissions };
};

/*
 * The decisions are online only, forwarded under their own names; the promotion they answer with is
 * cached at once (the log's `promotion:changed` follows for the source stream's readers).
 */

/** `promotion:consent`: the author accepts or declines. */
export const promotionConsent: Handler<'promotion:consent'> = async (ctx, req) =>
  storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:consent', req)).promotion);

/** `promotion:decide`: a curator approves (publishes) or declines. */
export const promotionDecide: Handler<'promotion:decide'> = async (ctx, req) =>
  storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:decide', req)).promotion);

/** `promotion:withdraw`: the author or proposer withdraws a pending proposal. */
export const promotionWithdraw: Handler<'promotion:withdraw'> = async (ctx, req) =>
  storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:withdraw', req)).promotion);

/** `promotion:requestUnpublish`: the author asks for a published copy to be taken down. */
export const promotionRequestUnpublish: Handler<'promotion:requestUnpublish'> = async (ctx, req) =>
  storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:requestUnpublish', req)).promotion);

/** `promotion:unpublish`: a curator takes a published copy down. */
export const promotionUnpublish: Handler<'promotion:unpublish'> = async (ctx, req) =>
  storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:unpublish', req)).promotion);

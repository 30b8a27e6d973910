import { evaluateUrl, OPEN_URL_POLICY, type UrlPolicy } from '../../../shared/domain/urlPolicy';
import type { Promotion } from '../../../shared/protocol/entities';
import { getAccountValue, listDirectory } from '../cache/directory';
import { getMessage } from '../cache/messages';
import { enqueue } from '../cache/outbox';
import { listScope, replaceScope, upsertPromotion } from '../cache/promotions';
import { searchMessages } from '../cache/search';
import { CoreError } from '../errors';
import { unwrap, type HandlerContext, type HandlerTable } from './context';

/** The organization's link policy as last seen in `hello` (signed in only: links come from messages). */
function currentUrlPolicy(ctx: HandlerContext): UrlPolicy {
  const stored = getAccountValue(ctx.account().db, 'urlPolicy');
  return stored ? (JSON.parse(stored) as UrlPolicy) : OPEN_URL_POLICY;
}

function storePromotion(ctx: HandlerContext, promotion: Promotion): { promotion: Promotion } {
  upsertPromotion(ctx.account().db, promotion);
  ctx.changed([promotion.sourceStreamId], ['promotions']);
  return { promotion };
}

/** Search, directory, promotion and link channels. */
export const otherHandlers: HandlerTable = {
  'search:query': (ctx, req) => ({
    hits: searchMessages(ctx.account().db, req.query, {
      streamId: req.streamId,
      authorId: req.authorId,
      after: req.after,
      before: req.before,
      limit: req.limit,
    }),
  }),

  'directory:list': (ctx) => listDirectory(ctx.account().db),

  'promotions:propose': (ctx, req) => {
    const acc = ctx.account();
    const message = getMessage(acc.db, req.messageId);
    if (!message) throw new CoreError('NOT_FOUND', 'message is not in the cache', 'messageId');
    const clientId = enqueue(acc.db, {
      kind: 'propose',
      streamId: message.streamId,
      messageId: req.messageId,
      note: req.note ?? null,
    });
    ctx.changed([message.streamId], ['outbox', 'promotions']);
    acc.engine.emitStatus();
    acc.engine.outbox.kick();
    return { clientId };
  },

  'promotions:list': async (ctx, req) => {
    const acc = ctx.account();
    // offline the last list seen is the best answer; online the server's list replaces it
    if (!acc.engine.online) return { promotions: listScope(acc.db, req.scope) };
    const res = unwrap(await acc.engine.request('promotion:list', req));
    replaceScope(acc.db, req.scope, res.promotions);
    return { promotions: res.promotions };
  },

  'promotions:permissions': async (ctx, req) => {
    const acc = ctx.account();
    // offline nothing is known: the renderer keeps what it was last told
    if (!acc.engine.online) return { permissions: [] };
    return { permissions: unwrap(await acc.engine.request('promotion:permissions', req)).permissions };
  },

  'promotions:consent': async (ctx, req) =>
    storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:consent', req)).promotion),
  'promotions:decide': async (ctx, req) =>
    storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:decide', req)).promotion),
  'promotions:withdraw': async (ctx, req) =>
    storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:withdraw', req)).promotion),
  'promotions:requestUnpublish': async (ctx, req) =>
    storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:requestUnpublish', req)).promotion),
  'promotions:unpublish': async (ctx, req) =>
    storePromotion(ctx, unwrap(await ctx.account().engine.request('promotion:unpublish', req)).promotion),

  'links:open': async (ctx, req) => {
    const verdict = evaluateUrl(req.url, currentUrlPolicy(ctx));
    if (!verdict.allowed) return { opened: false, reason: verdict.reason };
    if (!ctx.openExternal) return { opened: false, reason: 'no browser is available to open links' };
    try {
      await ctx.openExternal(req.url);
      return { opened: true, reason: null };
    } catch (error) {
      return { opened: false, reason: error instanceof Error ? error.message : 'could not open the link' };
    }
  },
};

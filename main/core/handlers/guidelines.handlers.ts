import { ProtocolError } from '../../../shared/protocol/errors';
import { postingBlocked, postingBlockedMessage } from '../../../shared/protocol/guidelines';
import type { Account } from '../account';
import { getCachedGuidelines, listCachedGuidelines, storeGuidelines, streamTeam } from '../cache/guidelines';
import { unwrap, type Handler, type HandlerContext } from './context';

/*
 * Guidelines: read from the cache (offline too); every change is online only. Acknowledging offline
 * is refused rather than queued: an acknowledgement says "I read the version that is current now",
 * which only the server can check at that moment, and a queued one could acknowledge a version that
 * was replaced in the meantime.
 */

/** Keeps a changed scope the server answered and announces it. */
function keep(ctx: HandlerContext, acc: Account, answer: { guidelines: Parameters<typeof storeGuidelines>[1] }) {
  if (storeGuidelines(acc.db, answer.guidelines)) ctx.changed([], ['guidelines']);
  return answer;
}

/** `guidelines:list`: the org's and my teams' guidelines as last synced, with what I acknowledged. */
export const guidelinesList: Handler<'guidelines:list'> = (ctx) => ({
  guidelines: listCachedGuidelines(ctx.account().db),
});

/** `guidelines:acknowledge`: online only (see above); the answer is cached at once. */
export const guidelinesAcknowledge: Handler<'guidelines:acknowledge'> = async (ctx, req) => {
  const acc = ctx.account();
  const ack = await acc.engine.request('guidelines:acknowledge', req);
  if (!ack.ok && ack.error.code === 'UNAVAILABLE')
    throw new ProtocolError(
      'UNAVAILABLE',
      'acknowledging needs a connection to the server: it records which version is current now; try again when online',
    );
  return keep(ctx, acc, unwrap(ack));
};

/** `guidelines:publish`: a new version (online only). */
export const guidelinesPublish: Handler<'guidelines:publish'> = async (ctx, req) => {
  const acc = ctx.account();
  return keep(ctx, acc, unwrap(await acc.engine.request('guidelines:publish', req)));
};

/** `guidelines:require`: the team setting (online only). */
export const guidelinesRequire: Handler<'guidelines:require'> = async (ctx, req) => {
  const acc = ctx.account();
  return keep(ctx, acc, unwrap(await acc.engine.request('guidelines:require', req)));
};

/** `guidelines:acknowledgements`: counts and names (online only: never cached). */
export const guidelinesAcknowledgements: Handler<'guidelines:acknowledgements'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('guidelines:acknowledgements', req));

/** `guidelines:export`: the CSV text (online only). */
export const guidelinesExport: Handler<'guidelines:export'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('guidelines:export', req));

/**
 * Refuses, before anything is queued, a send the server would refuse for unacknowledged guidelines
 * (as far as the cache knows), so an offline post does not wait in the outbox only to fail later.
 */
export function requireGuidelinesAllowPosting(acc: Account, streamId: string): void {
  const stream = streamTeam(acc.db, streamId);
  if (!stream) return;
  const g = getCachedGuidelines(acc.db, stream.teamId);
  if (g?.current && postingBlocked(g))
    throw new ProtocolError('FORBIDDEN', postingBlockedMessage(stream.name, g.current.version));
}

/** `guidelines:version`: an earlier version, to read (online only: the cache keeps the current one). */
export const guidelinesVersion: Handler<'guidelines:version'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('guidelines:version', req));

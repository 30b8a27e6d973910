import { unwrap, type Handler } from './context';
import { requireStream } from './streams.handlers';

/*
 * Presence and typing are live only: nothing of them is cached or queued. Offline, a presence list is
 * empty and says so (`live: false`), and a typing signal is dropped: a late "is typing" would be wrong.
 */

/** `presence:list`: who is online in a stream now, from the server. */
export const presenceList: Handler<'presence:list'> = async (ctx, req) => {
  const acc = ctx.account();
  requireStream(ctx, req.streamId);
  if (!acc.engine.online) return { online: [], live: false };
  const ack = await acc.engine.request('presence:list', req);
  if (!ack.ok && ack.error.code === 'UNAVAILABLE') return { online: [], live: false };
  return { online: unwrap(ack).online, live: true };
};

/** `presence:get`: my choice, as the server keeps it for all my devices. */
export const presenceGet: Handler<'presence:get'> = async (ctx) => ({
  visible: unwrap(await ctx.account().engine.request('presence:get', {})).visible,
});

/** `presence:set`: opt out of (or back into) being shown online. */
export const presenceSet: Handler<'presence:set'> = async (ctx, req) => ({
  visible: unwrap(await ctx.account().engine.request('presence:set', req)).visible,
});

/** `typing:signal`: passed on when online, dropped otherwise (and when the server is over budget). */
export const typingSignal: Handler<'typing:signal'> = async (ctx, req) => {
  const acc = ctx.account();
  requireStream(ctx, req.streamId);
  if (!acc.engine.online) return {};
  const ack = await acc.engine.request('typing:signal', req);
  // a lost or rate-limited signal is only a typing indicator less; the next one follows in seconds
  if (!ack.ok && ack.error.code !== 'UNAVAILABLE' && ack.error.code !== 'RATE_LIMITED') unwrap(ack);
  return {};
};

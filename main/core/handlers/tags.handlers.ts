import { cachedTagMessages, cachedTopTags } from '../cache/tags';
import { unwrap, type Handler } from './context';
import { requireStream } from './streams.handlers';

/*
 * Tag views read the server when online (every message with the tag in every stream I read, even
 * the ones this computer never cached) and the cache otherwise; the answer says which, so the view
 * can tell the user that an offline count covers only what is cached.
 */

/** `tag:messages`: the messages with a tag across my streams, newest first, with the count. */
export const tagMessages: Handler<'tag:messages'> = async (ctx, req) => {
  const acc = ctx.account();
  if (acc.engine.online) {
    const ack = await acc.engine.request('tag:messages', req);
    // a connection lost on the way answers from the cache, like being offline
    if (ack.ok || ack.error.code !== 'UNAVAILABLE') {
      const res = unwrap(ack);
      return { tag: res.tag, count: res.count, messages: res.messages, hasMore: res.hasMore, source: 'server' };
    }
  }
  return { tag: req.tag, ...cachedTagMessages(acc.db, req.tag, req.beforeId, req.limit), source: 'cache' };
};

/** `tag:top`: a stream's most used tags. */
export const tagTop: Handler<'tag:top'> = async (ctx, req) => {
  const acc = ctx.account();
  requireStream(ctx, req.streamId);
  if (acc.engine.online) {
    const ack = await acc.engine.request('tag:top', req);
    if (ack.ok || ack.error.code !== 'UNAVAILABLE') return { tags: unwrap(ack).tags, source: 'server' };
  }
  return { tags: cachedTopTags(acc.db, req.streamId, req.limit), source: 'cache' };
};

/** `message:tag`: online only; the message's new tags arrive through the stream's log. */
export const messageTag: Handler<'message:tag'> = async (ctx, req) => {
  unwrap(await ctx.account().engine.request('message:tag', req));
  return {};
};

import { searchMessages } from '../cache/search';
import type { IpcResponse } from '../../../shared/ipc/contract';
import { unwrap, type Handler } from './context';

/** `search:query`: full-text search of the local cache; works offline. */
export const searchQuery: Handler<'search:query'> = (ctx, req) => ({
  hits: searchMessages(ctx.account().db, req.query, {
    streamId: req.streamId,
    authorId: req.authorId,
    after: req.after,
    before: req.before,
    limit: req.limit,
  }),
});

/** What `search:server` answers when the server cannot be asked: the renderer keeps the local hits. */
const offline = (): IpcResponse<'search:server'> => ({ online: false, hits: [], nextCursor: null });

/** `search:server`: one page of the server's search; offline (or unreachable) answers no hits, quietly. */
export const searchServer: Handler<'search:server'> = async (ctx, req) => {
  const acc = ctx.account();
  if (!acc.engine.online) return offline();
  const ack = await acc.engine.request('search', req);
  if (!ack.ok && ack.error.code === 'UNAVAILABLE') return offline();
  const { hits, nextCursor } = unwrap(ack);
  return { online: true, hits, nextCursor };
};

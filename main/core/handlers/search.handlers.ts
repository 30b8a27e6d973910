import { searchMessages } from '../cache/search';
import type { Handler } from './context';

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

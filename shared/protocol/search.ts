import { z } from 'zod';
import { idSchema, messageSchema } from './entities';

/*
 * Server-side search (`search`): full-text search of the whole history a user may read, newest
 * first, paged by an opaque cursor. Limits are part of the contract so clients refuse the same input.
 */

/** Longest query, in characters after trimming. */
export const MAX_SEARCH_QUERY_CHARS = 500;
/** Most hits one `search` page holds (it is also capped at MAX_PAGE_BYTES of JSON). */
export const MAX_SEARCH_PAGE = 50;
/** Hits per page when the request names no limit. */
export const DEFAULT_SEARCH_PAGE = 20;
/** Longest cursor a server hands out (clients pass it back untouched). */
export const MAX_SEARCH_CURSOR_CHARS = 200;

/** What the user typed: trimmed, 1…MAX_SEARCH_QUERY_CHARS characters. */
export const searchQuerySchema = z.string().trim().min(1).max(MAX_SEARCH_QUERY_CHARS);

/** A snippet of the message body as segments, so highlights render without any HTML. */
export const searchSnippetSchema = z.array(z.object({ text: z.string(), highlight: z.boolean() }));
export type SearchSnippet = z.infer<typeof searchSnippetSchema>;

/** One hit: the message as `history` serves it, its stream's name and a highlighted snippet. */
export const searchResultSchema = z.object({
  message: messageSchema,
  streamName: z.string(),
  snippet: searchSnippetSchema,
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const searchRequestSchema = z
  .object({
    query: searchQuerySchema,
    streamId: idSchema.optional(),
    cursor: z.string().min(1).max(MAX_SEARCH_CURSOR_CHARS).optional(),
    limit: z.number().int().min(1).max(MAX_SEARCH_PAGE).default(DEFAULT_SEARCH_PAGE),
  })
  .strict();
export const searchResponseSchema = z.object({
  hits: z.array(searchResultSchema),
  /** Pass it as `cursor` for the next (older) page; null when this page was the last. */
  nextCursor: z.string().nullable(),
});

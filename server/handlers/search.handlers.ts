import { toSegments } from '../../shared/domain/snippetSegments';
import { ProtocolError, type Message, type SearchResult } from '../../shared/protocol/index';
import { accessStream } from '../domain/access';
import { takePage } from '../repositories/pages';
import type { SearchMatch, SearchPosition } from '../repositories/search.repository';
import type { Handler, HandlerContext } from './context';

/** Characters of the body shown when the engine found no excerpt worth highlighting. */
const PLAIN_SNIPPET_CHARS = 200;

/**
 * The streams a search may look in, with the names hits show: the one asked for (authorized exactly
 * like `sync`), or every stream the caller reads now (the org stream and their teams' streams).
 */
async function searchableStreams(ctx: HandlerContext, streamId: string | undefined): Promise<Map<string, string>> {
  if (streamId !== undefined) {
    const { stream, team } = await accessStream(ctx.tx, ctx.user, streamId);
    return new Map([[stream.id, team?.name ?? stream.name]]);
  }
  const names = new Map<string, string>();
  const org = await ctx.tx.streams.getOrgStream(ctx.user.orgId);
  if (org) names.set(org.id, org.name);
  for (const team of await ctx.tx.teams.listForUser(ctx.user.id)) names.set(team.streamId, team.name);
  return names;
}

/** A page position as the opaque cursor clients pass back: base64url of `[createdAt, id]`. */
export function encodeCursor(position: SearchPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

/** The position a cursor names; INVALID (field `cursor`) for anything this server did not hand out. */
export function decodeCursor(cursor: string): SearchPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isSafeInteger(value[0]) &&
    typeof value[1] === 'string' &&
    value[1].length <= 64
  )
    return { createdAt: value[0] as number, id: value[1] };
  throw new ProtocolError('INVALID', 'cursor: not a cursor from this server', 'cursor');
}

function toResult(match: SearchMatch, message: Message, streamName: string): SearchResult {
  const snippet = toSegments(match.marked);
  return {
    message,
    streamName,
    snippet: snippet.length > 0 ? snippet : [{ text: message.body.slice(0, PLAIN_SNIPPET_CHARS), highlight: false }],
  };
}

/**
 * `search`: full-text search of the history the caller may read, newest first, one page (count and
 * byte capped) per request, with an opaque cursor for the next. Readability is checked on every page.
 */
export const search: Handler<'search'> = async (ctx, { query, streamId, cursor, limit }) => {
  const before = cursor === undefined ? null : decodeCursor(cursor);
  const streams = await searchableStreams(ctx, streamId);
  const matches = await ctx.tx.search.search({ text: query, streamIds: [...streams.keys()], before, limit: limit + 1 });
  const messages = new Map((await ctx.tx.messages.getMany(matches.map((m) => m.id))).map((m) => [m.id, m]));
  const page = takePage(matches, limit, ctx.config.maxPageBytes, (match) => {
    const message = messages.get(match.id)!;
    const result = toResult(match, message, streams.get(message.streamId) ?? '');
    return { item: { match, result }, bytes: Buffer.byteLength(JSON.stringify(result)) };
  });
  const last = page.items[page.items.length - 1];
  return {
    hits: page.items.map((item) => item.result),
    nextCursor: page.hasMore && last ? encodeCursor(last.match) : null,
  };
};

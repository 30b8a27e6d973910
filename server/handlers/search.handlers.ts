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
 * like `sync`), or every stream the caller reads now (the org stream, their teams' streams and their
 * direct conversations).
 */
async function searchableStreams(ctx: HandlerContext, streamId: string | undefined): Promise<Map<string, string>> {
  if (streamId !== undefined) {
    const { stream, team } = await accessStream(ctx.tx, ctx.user, streamId);
    const one = new Map([[stream.id, team?.name ?? stream.name]]);
    if (stream.kind === 'direct') await nameDirects(ctx, one);
    return one;
  }
  const names = new Map<string, string>();
  const org = await ctx.tx.streams.getOrgStream(ctx.user.orgId);
  if (org) names.set(org.id, org.name);
  for (const team of await ctx.tx.teams.listForUser(ctx.user.id)) names.set(team.streamId, team.name);
  for (const streamId of await ctx.tx.directs.streamIdsForUser(ctx.user.id)) names.set(streamId, '');
  await nameDirects(ctx, names);
  return names;
}

/** Names the direct conversations among these streams as the caller sees them: the others' names. */
async function nameDirects(ctx: HandlerContext, names: Map<string, string>): Promise<void> {
  for (const [id, name] of names) {
    if (name !== '') continue;
    const people = await ctx.tx.directs.participants(id);
    if (people.length === 0) continue;
    names.set(
      id,
      people
        .filter((p) => p.id !== ctx.user.id)
        .map((p) => p.name)
        .join(', '),
    );
  }
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

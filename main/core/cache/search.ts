import type { Message } from '../../../shared/protocol/entities';
import type { Db } from './database';
import { stmt } from './statements';
import { rowToMessage, type MessageRow } from './messages';
import { toSegments } from '../../../shared/domain/snippetSegments';
import { markedSnippet, queryPart, scoreRows, tokenize, type QueryPart } from './searchRank';

export { toSegments };

/**
 * Candidates ranked per search: the newest matches (after filters), in FTS5 doclist order. Bounds the
 * cost of broad queries (a common word matches 100k+ rows at 1M messages) while keeping the ranking
 * meaningful where it matters: a query matching fewer rows is ranked over all of its matches.
 */
export const SEARCH_WINDOW = 100;

/** A search hit before it is shaped for IPC. */
export interface SearchRow {
  message: Message;
  streamName: string;
  snippet: { text: string; highlight: boolean }[];
}

/** Search filters; all optional. */
export interface SearchFilters {
  streamId?: string | undefined;
  authorId?: string | undefined;
  after?: number | undefined;
  before?: number | undefined;
  limit: number;
}

const HAS_WORD = /[\p{L}\p{N}]/u;
/**
 * Control characters separate tokens for the unicode61 tokenizer anyway, but FTS5's query parser
 * reads a quoted string as C text: a NUL inside one ends it early ("unterminated string", an internal
 * error). As spaces they mean the same to the index and cannot reach the parser.
 */
const CONTROL = /\p{Cc}/gu;

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Splits what the user typed into parts: "quoted phrases", terms, and a trailing * for a prefix. */
function parseParts(input: string): QueryPart[] {
  const parts: QueryPart[] = [];
  const re = /"([^"]*)"?|(\S+)/g;
  for (const m of input.replace(CONTROL, ' ').matchAll(re)) {
    if (m[1] !== undefined) {
      const phrase = m[1].replace(/[\uE000\uE001]/g, ' ').trim();
      if (HAS_WORD.test(phrase)) parts.push(queryPart(phrase, false));
      continue;
    }
    const raw = (m[2] ?? '').replace(/[\uE000\uE001]/g, '');
    const prefix = raw.endsWith('*');
    const term = raw.replace(/\*+$/, '').replace(/"/g, '');
    if (!HAS_WORD.test(term)) continue;
    parts.push(queryPart(term, prefix));
  }
  return parts;
}

function ftsQueryOf(parts: QueryPart[]): string | null {
  return parts.length > 0 ? parts.map((p) => (p.prefix ? `${quote(p.text)}*` : quote(p.text))).join(' ') : null;
}

/**
 * Turns what the user typed into a safe FTS5 query: "quoted phrases" stay phrases, a trailing * makes
 * a prefix term, everything else is a quoted term, so operators (NEAR, AND, -, ^, column:) and stray
 * quotes or parentheses are only ever text. Returns null when nothing searchable remains.
 */
export function toFtsQuery(input: string): string | null {
  return ftsQueryOf(parseParts(input));
}

/**
 * The newest matches of an FTS5 query that pass the filters, at most `@window`, newest first, as whole
 * rows (the returned page comes from them: no second query). The MATCH stays in its own subquery,
 * walked in rowid (arrival) order so FTS5 stops after the window; `messages` is only probed by
 * primary key.
 */
export const SEARCH_WINDOW_SQL = `SELECT m.* FROM (
     SELECT rowid FROM messages_fts WHERE messages_fts MATCH @query ORDER BY rowid DESC
   ) AS f
   JOIN messages m ON m.row_id = f.rowid
   WHERE m.deleted_at IS NULL
     AND (@streamId IS NULL OR m.stream_id = @streamId)
     AND (@authorId IS NULL OR m.author_id = @authorId)
     AND (@after IS NULL OR m.created_at >= @after)
     AND (@before IS NULL OR m.created_at < @before)
   ORDER BY f.rowid DESC
   LIMIT @window`;

/** The token of a stream name fewest stream names share, or null when the name has no token. */
function rarestToken(db: Db, name: string): string | null {
  const names = stmt(db, 'SELECT name FROM streams').pluck().all() as string[];
  const shared = new Map<string, number>();
  for (const n of names)
    for (const t of new Set(tokenize(n).map((x) => x.norm))) shared.set(t, (shared.get(t) ?? 0) + 1);
  let best: string | null = null;
  for (const t of new Set(tokenize(name).map((x) => x.norm)))
    if (best === null || (shared.get(t) ?? 0) < (shared.get(best) ?? 0)) best = t;
  return best;
}

/**
 * Chosen tokens per stream name, per connection. Keyed by the name itself, so the token always comes
 * from the stream's current name (a renamed stream gets a fresh choice); how rare it is among the
 * other names is as of the first search, which only ever costs speed, never results.
 */
const chosenTokens = new WeakMap<Db, Map<string, string | null>>();

/**
 * A stream filter also goes into the MATCH as a column filter on one token of the indexed stream
 * name, so FTS5 intersects with a short doclist instead of the join discarding other streams' matches
 * one by one (at 1M messages over 200 streams: common words 43 → 6 ms p95). The token is the one
 * fewest stream names share ("001" rather than "team" in "team-001"); the join still checks the id.
 */
function withStreamName(db: Db, query: string, streamId: string | undefined): string {
  if (streamId === undefined) return query;
  const name = stmt(db, 'SELECT name FROM streams WHERE id = ?').pluck().get(streamId) as string | undefined;
  if (name === undefined) return query;
  let byName = chosenTokens.get(db);
  if (!byName) chosenTokens.set(db, (byName = new Map()));
  let best = byName.get(name);
  if (best === undefined) byName.set(name, (best = rarestToken(db, name)));
  return best === null ? query : `(${query}) AND stream_name : ${quote(best)}`;
}

/**
 * The FTS5 MATCH expression `searchMessages` runs for what the user typed and a stream filter, or null
 * when nothing searchable remains (benchmarks give the raw FTS5 baseline the very same expression).
 */
export function matchExpression(db: Db, input: string, streamId: string | undefined): string | null {
  const query = toFtsQuery(input);
  return query === null ? null : withStreamName(db, query, streamId);
}

/**
 * Full-text search of the cache; deleted messages never match. Ranking: the newest SEARCH_WINDOW
 * matches (after filters; all of them when there are fewer) are ranked by bm25 over their body,
 * author and stream name, then newest first; snippets are computed for the returned page only.
 * See docs/client-core.md (Search).
 */
export function searchMessages(db: Db, input: string, f: SearchFilters): SearchRow[] {
  const parts = parseParts(input);
  const query = ftsQueryOf(parts);
  if (query === null) return [];
  const candidates = stmt(db, SEARCH_WINDOW_SQL).all({
    query: withStreamName(db, query, f.streamId),
    streamId: f.streamId ?? null,
    authorId: f.authorId ?? null,
    after: f.after ?? null,
    before: f.before ?? null,
    window: Math.max(SEARCH_WINDOW, f.limit),
  }) as MessageRow[];
  if (candidates.length === 0) return [];
  const scores = scoreRows(
    parts,
    candidates.map((c) => ({ body: c.body, authorName: c.author_name, streamName: c.stream_name })),
  );
  const order = candidates.map((_, i) => i);
  order.sort(
    (a, b) =>
      scores[b]! - scores[a]! ||
      candidates[b]!.created_at - candidates[a]!.created_at ||
      candidates[b]!.row_id - candidates[a]!.row_id,
  );
  return order.slice(0, f.limit).map((i) => {
    const r = candidates[i]!;
    const snippet = toSegments(markedSnippet(parts, r.body));
    return {
      message: rowToMessage(r),
      streamName: r.stream_name,
      snippet: snippet.length > 0 ? snippet : [{ text: r.body.slice(0, 200), highlight: false }],
    };
  });
}

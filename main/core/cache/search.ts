import type { Message } from '../../../shared/protocol/entities';
import type { Db } from './database';
import { stmt } from './statements';
import { rowToMessage, type MessageRow } from './messages';

/** Private-use characters that mark highlights in snippet(); user text cannot forge them usefully. */
const HL_START = '\uE000';
const HL_END = '\uE001';
/** The most FTS matches considered before filters apply; bounds the cost of very broad queries. */
const MAX_CANDIDATES = 5000;

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

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Turns what the user typed into a safe FTS5 query: "quoted phrases" stay phrases, a trailing * makes
 * a prefix term, everything else is a quoted term, so operators (NEAR, AND, -, ^, column:) and stray
 * quotes or parentheses are only ever text. Returns null when nothing searchable remains.
 */
export function toFtsQuery(input: string): string | null {
  const parts: string[] = [];
  const re = /"([^"]*)"?|(\S+)/g;
  for (const m of input.matchAll(re)) {
    if (m[1] !== undefined) {
      const phrase = m[1].replace(/[\uE000\uE001]/g, ' ').trim();
      if (HAS_WORD.test(phrase)) parts.push(quote(phrase));
      continue;
    }
    const raw = (m[2] ?? '').replace(/[\uE000\uE001]/g, '');
    const prefix = raw.endsWith('*');
    const term = raw.replace(/\*+$/, '').replace(/"/g, '');
    if (!HAS_WORD.test(term)) continue;
    parts.push(prefix ? `${quote(term)}*` : quote(term));
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

/** Splits a marked snippet into segments, merging neighbours of the same kind. */
export function toSegments(marked: string): { text: string; highlight: boolean }[] {
  const out: { text: string; highlight: boolean }[] = [];
  let highlight = false;
  let text = '';
  const flush = (): void => {
    if (text === '') return;
    const last = out[out.length - 1];
    if (last && last.highlight === highlight) last.text += text;
    else out.push({ text, highlight });
    text = '';
  };
  for (const ch of marked) {
    if (ch === HL_START || ch === HL_END) {
      flush();
      highlight = ch === HL_START;
    } else text += ch;
  }
  flush();
  return out;
}

/** Full-text search of the cache: bm25 first, then newest; deleted messages never match. */
export function searchMessages(db: Db, input: string, f: SearchFilters): SearchRow[] {
  const query = toFtsQuery(input);
  if (query === null) return [];
  const rows = stmt(
    db,
    `SELECT m.*, hits.snip AS snip FROM (
         SELECT rowid, rank, snippet(messages_fts, 0, @hlStart, @hlEnd, '…', 16) AS snip
         FROM messages_fts WHERE messages_fts MATCH @query ORDER BY rank LIMIT @candidates
       ) AS hits
       JOIN messages m ON m.row_id = hits.rowid
       WHERE m.deleted_at IS NULL
         AND (@streamId IS NULL OR m.stream_id = @streamId)
         AND (@authorId IS NULL OR m.author_id = @authorId)
         AND (@after IS NULL OR m.created_at >= @after)
         AND (@before IS NULL OR m.created_at < @before)
       ORDER BY hits.rank, m.created_at DESC
       LIMIT @limit`,
  ).all({
    query,
    hlStart: HL_START,
    hlEnd: HL_END,
    candidates: MAX_CANDIDATES,
    streamId: f.streamId ?? null,
    authorId: f.authorId ?? null,
    after: f.after ?? null,
    before: f.before ?? null,
    limit: f.limit,
  }) as (MessageRow & { snip: string | null })[];
  return rows.map((r) => {
    const snippet = toSegments(r.snip ?? '');
    return {
      message: rowToMessage(r),
      streamName: r.stream_name,
      snippet: snippet.length > 0 ? snippet : [{ text: r.body.slice(0, 200), highlight: false }],
    };
  });
}

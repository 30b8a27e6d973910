/*
 * Relevance and snippets for the bounded search window, computed in JS over the few hundred rows the
 * window holds. FTS5's own bm25() cannot be bounded: its IDF step counts every row that matches each
 * phrase of the query (a common-word phrase: 100k+ rows, ~50 ms at 1M messages) however few rows are
 * ranked, and snippet() re-evaluates the whole MATCH per row when asked for a list of rowids.
 */

import { HL_END, HL_START } from '../../../shared/domain/snippetSegments';

export { HL_END, HL_START };

/** bm25 parameters, as FTS5's bm25() uses them. */
const K1 = 1.2;
const B = 0.75;
/** Tokens in a snippet, as the former snippet(…, 16) call. */
const SNIPPET_TOKENS = 16;

/** One part of a query: a term or phrase, optionally with a prefix last token. */
export interface QueryPart {
  /** The text as typed (quoted into the FTS5 query). */
  text: string;
  prefix: boolean;
  /** Normalized tokens, as the FTS5 tokenizer sees them. */
  tokens: string[];
}

interface Token {
  norm: string;
  start: number;
  end: number;
}

// unicode61's default token characters (letters, numbers, private use) plus combining marks, which
// `remove_diacritics 2` folds away rather than treating as separators.
const TOKEN_RE = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;
const MARKS_RE = /\p{M}/gu;
const NON_ASCII = /[^ -~\t\n\r]/;
const ASCII_TOKEN_RE = /[a-z0-9]+/g;

/** Tokens of a text the way the cache's FTS5 tokenizer (unicode61, remove_diacritics 2) cuts them. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  if (!NON_ASCII.test(text)) {
    // the common case, ~10× cheaper: ASCII lower-casing keeps offsets, and there is nothing to fold
    const lower = text.toLowerCase();
    for (const m of lower.matchAll(ASCII_TOKEN_RE))
      out.push({ norm: m[0], start: m.index, end: m.index + m[0].length });
    return out;
  }
  for (const m of text.matchAll(TOKEN_RE)) {
    const norm = m[0].normalize('NFD').replace(MARKS_RE, '').toLowerCase();
    if (norm !== '') out.push({ norm, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Builds a query part from what the user typed for it. */
export function queryPart(text: string, prefix: boolean): QueryPart {
  return { text, prefix, tokens: tokenize(text).map((t) => t.norm) };
}

/** Normalized tokens only: what ranking needs, without offsets. */
function norms(text: string): string[] {
  if (!NON_ASCII.test(text)) return text.toLowerCase().match(ASCII_TOKEN_RE) ?? [];
  return tokenize(text).map((t) => t.norm);
}

/** Token indexes where the part occurs in `tokens`. */
function occurrences(part: QueryPart, tokens: readonly string[]): number[] {
  const n = part.tokens.length;
  const found: number[] = [];
  if (n === 0) return found;
  outer: for (let i = 0; i + n <= tokens.length; i += 1) {
    for (let j = 0; j < n; j += 1) {
      const want = part.tokens[j]!;
      const have = tokens[i + j]!;
      const ok = part.prefix && j === n - 1 ? have.startsWith(want) : have === want;
      if (!ok) continue outer;
    }
    found.push(i);
  }
  return found;
}

/** What the ranker needs of a candidate row. */
export interface RankInput {
  body: string;
  authorName: string;
  streamName: string;
}

/**
 * bm25 scores (higher is better) of candidate rows, all of which match every part: FTS5's formula
 * over the three indexed columns, with each part weighted equally (IDF is left out: it only
 * re-weights parts against each other, and computing it is what costs O(matches)) and the average
 * row length taken over the candidates.
 */
export function scoreRows(parts: QueryPart[], rows: RankInput[]): number[] {
  // author and stream names repeat across candidates: tokenize each once
  const names = new Map<string, string[]>();
  const nameTokens = (name: string): string[] => {
    let t = names.get(name);
    if (!t) names.set(name, (t = norms(name)));
    return t;
  };
  const stats = rows.map((r) => {
    const columns = [norms(r.body), nameTokens(r.authorName), nameTokens(r.streamName)];
    const length = columns.reduce((n, c) => n + c.length, 0);
    const hits = parts.map((p) => columns.reduce((n, c) => n + occurrences(p, c).length, 0));
    return { length, hits };
  });
  const avg = stats.reduce((n, s) => n + s.length, 0) / Math.max(1, stats.length) || 1;
  return stats.map(({ length, hits }) => {
    let score = 0;
    for (const tf of hits) if (tf > 0) score += (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avg));
    return score;
  });
}

/**
 * A snippet of the body around its best match, highlights marked with HL_START/HL_END: at most 16
 * tokens, the window holding the most distinct parts (then the most hits), '…' where text is cut.
 */
export function markedSnippet(parts: QueryPart[], body: string): string {
  const tokens = tokenize(body);
  const words = tokens.map((t) => t.norm);
  const spans: Array<{ part: number; from: number; to: number }> = [];
  parts.forEach((p, part) => {
    for (const at of occurrences(p, words)) spans.push({ part, from: at, to: at + p.tokens.length - 1 });
  });
  spans.sort((a, b) => a.from - b.from || b.to - a.to);
  let first = 0;
  if (tokens.length > SNIPPET_TOKENS && spans.length > 0) {
    let best = -1;
    for (const s of spans) {
      const start = Math.max(0, Math.min(s.from - 3, tokens.length - SNIPPET_TOKENS));
      const inside = spans.filter((x) => x.from >= start && x.to < start + SNIPPET_TOKENS);
      const score = new Set(inside.map((x) => x.part)).size * 1000 + inside.length;
      if (score > best) [best, first] = [score, start];
    }
  }
  const last = Math.min(tokens.length, first + SNIPPET_TOKENS) - 1;
  if (last < first) return body;
  const from = first === 0 ? 0 : tokens[first]!.start;
  const to = last === tokens.length - 1 ? body.length : tokens[last]!.end;
  let out = first === 0 ? '' : '…';
  let at = from;
  let open = -1;
  for (const s of spans) {
    if (s.from < first || s.to > last || s.from <= open) continue;
    const start = tokens[s.from]!.start;
    const end = tokens[s.to]!.end;
    out += body.slice(at, start) + HL_START + body.slice(start, end) + HL_END;
    at = end;
    open = s.to;
  }
  out += body.slice(at, to);
  return to < body.length ? `${out}…` : out;
}

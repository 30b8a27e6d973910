import type { Statement } from 'better-sqlite3';
import type { Db } from '../../main/core/cache/database';
import { SEARCH_WINDOW, SEARCH_WINDOW_SQL, matchExpression } from '../../main/core/cache/search';
import type { SearchCase } from '../fixtures/queries';

/*
 * The yardsticks for local search, run on the very same cache file: the raw FTS5 query doing the
 * product's own index work, a LIKE scan (what search would cost without an index), and FTS5's bm25
 * over every match (what the bounded ranking gives up).
 */

/** A function running one search case and returning the rowids it found, best first. */
export type Searcher = (c: SearchCase) => number[];

/**
 * The raw FTS5 query for the same work as `search:query`, query for query: the very MATCH expression
 * the core builds (a stream filter included, as a column filter on the stream name) and the core's
 * own candidate statement — the newest `SEARCH_WINDOW` matches passing the filters, with deleted
 * messages left out. What the core adds on top is its work per request: building the expression,
 * bm25 over the candidates, the page's messages and snippets, request validation. `cases` are the
 * cases it will be asked for (their expressions are built up front, outside any timing).
 */
export function rawFtsSearcher(db: Db, limit: number, cases: readonly SearchCase[]): Searcher {
  const window = Math.max(SEARCH_WINDOW, limit);
  const statement = db.prepare(SEARCH_WINDOW_SQL);
  // built before any timing: the baseline is the SQL alone
  const expressions = new Map(cases.map((c) => [c, matchExpression(db, c.input, c.streamId ?? undefined)]));
  return (c) => {
    const query = expressions.get(c) ?? null;
    if (query === null) return [];
    const rows = statement.all({
      query,
      streamId: c.streamId,
      authorId: null,
      after: null,
      before: null,
      window,
    }) as Array<{ row_id: number }>;
    return rows.slice(0, limit).map((r) => r.row_id);
  };
}

/** FTS5's bm25 over every match, best first (unfiltered cases): the ranking the core bounds. */
export function fullRankSearcher(db: Db, limit: number): Searcher {
  const statement = db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?');
  return (c) => {
    const query = matchExpression(db, c.input, undefined);
    return query === null ? [] : (statement.pluck().all(query, limit) as number[]);
  };
}

/** How many rows match a case (unfiltered): whether the bounded window held all of them. */
export function matchCounter(db: Db): (c: SearchCase) => number {
  const statement = db.prepare('SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck();
  return (c) => {
    const query = matchExpression(db, c.input, undefined);
    return query === null ? 0 : (statement.get(query) as number);
  };
}

/** The LIKE scan: every pattern must match, newest first, same limit. */
export function likeSearcher(db: Db, limit: number): Searcher {
  const cache = new Map<string, Statement<unknown[]>>();
  return (c) => {
    const where = [...c.like.map(() => 'body LIKE ?'), ...(c.streamId === null ? [] : ['stream_id = ?'])].join(' AND ');
    let stmt = cache.get(where);
    if (!stmt) {
      stmt = db.prepare<unknown[]>(`SELECT row_id FROM messages WHERE ${where} ORDER BY created_at DESC LIMIT ?`);
      cache.set(where, stmt);
    }
    const args: unknown[] = [...c.like, ...(c.streamId === null ? [] : [c.streamId]), limit];
    return stmt.pluck().all(...args) as number[];
  };
}

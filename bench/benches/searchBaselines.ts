import type { Statement } from 'better-sqlite3';
import type { Db } from '../../main/core/cache/database';
import { SEARCH_WINDOW } from '../../main/core/cache/search';
import type { SearchCase } from '../fixtures/queries';

/*
 * The two yardsticks for local search, run on the very same cache file: the bare FTS5 query (what
 * the index alone costs, with the same ranking and limit) and a LIKE scan (what search would cost
 * without an index).
 */

/** A function running one search case and returning the number of hits. */
export type Searcher = (c: SearchCase) => number;

/**
 * The raw FTS5 query for the core's result: the core ranks the newest SEARCH_WINDOW matches (see
 * main/core/cache/search.ts), so the bare index cost of that result is fetching those candidates:
 * MATCH walked newest first, the window's size, joined to messages only when a stream filter applies.
 * (Before the bounded ranking this was `ORDER BY rank LIMIT` over every match — the core's old shape.)
 */
export function rawFtsSearcher(db: Db, limit: number): Searcher {
  const window = Math.max(SEARCH_WINDOW, limit);
  const plain = db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?');
  const filtered = db.prepare(
    `SELECT f.rowid FROM messages_fts f JOIN messages m ON m.row_id = f.rowid
     WHERE messages_fts MATCH ? AND m.stream_id = ? ORDER BY f.rowid DESC LIMIT ?`,
  );
  return (c) =>
    Math.min(
      limit,
      (c.streamId === null ? plain.all(c.match, window) : filtered.all(c.match, c.streamId, window)).length,
    );
}

/** The former raw baseline, bm25 over every match (what the core did before the bounded window), for context. */
export function rankedFtsSearcher(db: Db, limit: number): Searcher {
  const plain = db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?');
  const filtered = db.prepare(
    `SELECT f.rowid FROM messages_fts f JOIN messages m ON m.row_id = f.rowid
     WHERE messages_fts MATCH ? AND m.stream_id = ? ORDER BY f.rank LIMIT ?`,
  );
  return (c) => (c.streamId === null ? plain.all(c.match, limit) : filtered.all(c.match, c.streamId, limit)).length;
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
    return stmt.all(...args).length;
  };
}

import type { Statement } from 'better-sqlite3';
import type { Db } from '../../main/core/cache/database';
import type { SearchCase } from '../fixtures/queries';

/*
 * The two yardsticks for local search, run on the very same cache file: the bare FTS5 query (what
 * the index alone costs, with the same ranking and limit) and a LIKE scan (what search would cost
 * without an index).
 */

/** A function running one search case and returning the number of hits. */
export type Searcher = (c: SearchCase) => number;

/** The raw FTS5 query: MATCH, rank order, limit; joined to messages only when a stream filter applies. */
export function rawFtsSearcher(db: Db, limit: number): Searcher {
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

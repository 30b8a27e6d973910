import type { Sql } from '../../db/sql';
import { HL_END, HL_START } from '../../../shared/domain/snippetSegments';
import { NEWEST, type SearchMatch, type SearchQuery, type SearchRepository } from '../search.repository';
import { toFts5Query } from './ftsQuery';

/** Tokens around the matches in a snippet. */
const SNIPPET_TOKENS = 16;

/**
 * The page's matches, newest first. FTS5 hands out the matching rowids; the join keeps the readable,
 * not deleted ones of the streams asked for.
 */
export const SEARCH_PAGE_SQL = `SELECT m.rowid AS "rowId", m.id, m.created_at AS "createdAt"
  FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
  WHERE messages_fts MATCH ? AND m.deleted_at IS NULL AND m.stream_id IN (SELECT value FROM json_each(?))
    AND (m.created_at < ? OR (m.created_at = ? AND m.id < ?))
  ORDER BY m.created_at DESC, m.id DESC LIMIT ?`;

/**
 * One row's snippet. Asked per row by rowid (FTS5 seeks straight to it): in the page query it would
 * be computed for every match before the sort, and a common word matches 100k rows.
 */
const SNIPPET = `SELECT snippet(messages_fts, 0, ?, ?, '…', ${SNIPPET_TOKENS}) AS marked
  FROM messages_fts WHERE messages_fts MATCH ? AND rowid = ?`;

/** Search on SQLite: the FTS5 index of migration 0015 (porter stemming, diacritics folded). */
export class SqliteSearchRepository implements SearchRepository {
  constructor(private readonly sql: Sql) {}

  async search(q: SearchQuery): Promise<SearchMatch[]> {
    const match = toFts5Query(q.text);
    if (match === null || q.streamIds.length === 0) return [];
    const before = q.before ?? NEWEST;
    const rows = await this.sql.all<{ rowId: number; id: string; createdAt: number }>(SEARCH_PAGE_SQL, [
      match,
      this.sql.dialect.listParam(q.streamIds),
      before.createdAt,
      before.createdAt,
      before.id,
      q.limit,
    ]);
    const matches: SearchMatch[] = [];
    for (const row of rows) {
      const snippet = await this.sql.get<{ marked: string }>(SNIPPET, [HL_START, HL_END, match, row.rowId]);
      matches.push({ id: row.id, createdAt: row.createdAt, marked: snippet?.marked ?? '' });
    }
    return matches;
  }
}

import type { Sql } from '../../db/sql';
import { HL_END, HL_START } from '../../../shared/domain/snippetSegments';
import { NEWEST, type SearchMatch, type SearchQuery, type SearchRepository } from '../search.repository';

/** ts_headline's options: our markers, and a short excerpt around the matches. */
export const HEADLINE_OPTIONS = `StartSel="${HL_START}", StopSel="${HL_END}", MinWords=8, MaxWords=24, ShortWord=2`;

/**
 * NUL cannot be stored or passed in PostgreSQL text (the driver's error would be a 5xx), and control
 * characters only separate words anyway.
 */
const CONTROL = /\p{Cc}/gu;

/**
 * The page: the query is parsed by websearch_to_tsquery (words, "phrases", -exclusions, or; it never
 * raises a syntax error) under English and Finnish, like the stored vector; a message matches when
 * either does. The inner query picks the page (GIN index, or the (created_at, id) index for broad
 * queries); ts_headline runs for the page's rows only, under the language that matched.
 */
export const SEARCH_PAGE_SQL = `SELECT id, "createdAt",
    CASE WHEN to_tsvector('english'::regconfig, body) @@ en THEN ts_headline('english'::regconfig, body, en, ?)
      ELSE ts_headline('finnish'::regconfig, body, fi, ?) END AS marked
  FROM (
    SELECT m.id, m.created_at AS "createdAt", m.body, q.en, q.fi
    FROM messages m,
      (SELECT websearch_to_tsquery('english'::regconfig, ?) AS en, websearch_to_tsquery('finnish'::regconfig, ?) AS fi) q
    WHERE m.search_vector @@ (q.en || q.fi) AND m.deleted_at IS NULL AND m.stream_id = ANY(?::text[])
      AND (m.created_at < ? OR (m.created_at = ? AND m.id < ?))
    ORDER BY m.created_at DESC, m.id DESC LIMIT ?
  ) AS hit
  ORDER BY "createdAt" DESC, id DESC`;

/** Search on PostgreSQL: the generated tsvector column and GIN index of migration 0015. */
export class PostgresSearchRepository implements SearchRepository {
  constructor(private readonly sql: Sql) {}

  async search(q: SearchQuery): Promise<SearchMatch[]> {
    const text = q.text.replace(CONTROL, ' ');
    if (text.trim() === '' || q.streamIds.length === 0) return [];
    const before = q.before ?? NEWEST;
    return this.sql.all<SearchMatch>(SEARCH_PAGE_SQL, [
      HEADLINE_OPTIONS,
      HEADLINE_OPTIONS,
      text,
      text,
      this.sql.dialect.listParam(q.streamIds),
      before.createdAt,
      before.createdAt,
      before.id,
      q.limit,
    ]);
  }
}

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

/** The page's rows with their snippets: ts_headline runs for the page only, under the language that matched. */
const withHeadlines = (page: string): string => `SELECT id, "createdAt",
    CASE WHEN to_tsvector('english'::regconfig, body) @@ en THEN ts_headline('english'::regconfig, body, en, ?)
      ELSE ts_headline('finnish'::regconfig, body, fi, ?) END AS marked
  FROM (${page}) AS hit
  ORDER BY "createdAt" DESC, id DESC`;

/** The parsed query under both languages of the stored vector (websearch_to_tsquery never raises). */
const PARSED = `(SELECT websearch_to_tsquery('english'::regconfig, ?) AS en, websearch_to_tsquery('finnish'::regconfig, ?) AS fi) q`;

/** Not deleted, in the given streams, older than the cursor. */
const READABLE_BEFORE = `m.deleted_at IS NULL AND m.stream_id = ANY(?::text[])
      AND (m.created_at < ? OR (m.created_at = ? AND m.id < ?))`;

/**
 * The page through the GIN index: every match of the query (English or Finnish, like the stored
 * vector), newest first. Exact for any query, but a common word makes it read and sort every match.
 */
export const SEARCH_PAGE_SQL = withHeadlines(`
    SELECT m.id, m.created_at AS "createdAt", m.body, q.en, q.fi
    FROM messages m, ${PARSED}
    WHERE m.search_vector @@ (q.en || q.fi) AND ${READABLE_BEFORE}
    ORDER BY m.created_at DESC, m.id DESC LIMIT ?`);

/**
 * The page among the newest readable messages only: walks the (created_at, id) index backwards for
 * a bounded window and tests each row's vector. When the window holds a full page, that page is the
 * exact answer (every match outside the window is older than every row in it); otherwise the GIN
 * page runs. Common words, the GIN page's slow case, nearly always fill a page here.
 */
export const WINDOW_PAGE_SQL = withHeadlines(`
    SELECT w.id, w."createdAt", w.body, q.en, q.fi
    FROM (
      SELECT m.id, m.created_at AS "createdAt", m.body, m.search_vector FROM messages m
      WHERE ${READABLE_BEFORE}
      ORDER BY m.created_at DESC, m.id DESC LIMIT ?
    ) w, ${PARSED}
    WHERE w.search_vector @@ (q.en || q.fi)
    ORDER BY w."createdAt" DESC, w.id DESC LIMIT ?`);

/** How many of the newest readable messages the window tests before the GIN index takes over. */
export const SEARCH_WINDOW_ROWS = 2000;

/** Search on PostgreSQL: the generated tsvector column and GIN index of migration 0015. */
export class PostgresSearchRepository implements SearchRepository {
  constructor(
    private readonly sql: Sql,
    /** Tests shrink it to reach both paths with little data. */
    private readonly windowRows = SEARCH_WINDOW_ROWS,
  ) {}

  async search(q: SearchQuery): Promise<SearchMatch[]> {
    const text = q.text.replace(CONTROL, ' ');
    if (text.trim() === '' || q.streamIds.length === 0) return [];
    const before = q.before ?? NEWEST;
    const readable = [this.sql.dialect.listParam(q.streamIds), before.createdAt, before.createdAt, before.id];
    const window = await this.sql.all<SearchMatch>(WINDOW_PAGE_SQL, [
      HEADLINE_OPTIONS,
      HEADLINE_OPTIONS,
      ...readable,
      this.windowRows,
      text,
      text,
      q.limit,
    ]);
    if (window.length >= q.limit) return window;
    return this.sql.all<SearchMatch>(SEARCH_PAGE_SQL, [
      HEADLINE_OPTIONS,
      HEADLINE_OPTIONS,
      text,
      text,
      ...readable,
      q.limit,
    ]);
  }
}

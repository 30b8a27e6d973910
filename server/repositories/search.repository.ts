/*
 * Full-text search over the messages a caller may read. The engines differ too much to share SQL
 * (FTS5 against a tsvector with GIN), so each has its own implementation beside its dialect:
 * sqlite/search.repository.ts and postgres/search.repository.ts.
 */

/** Where a page of hits stops: the last hit's time and id (hits come newest first). */
export interface SearchPosition {
  createdAt: number;
  id: string;
}

/** One search, already authorized: the streams it may look in are given, never inferred. */
export interface SearchQuery {
  /** What the user typed; each engine parses it safely (no input is a syntax error). */
  text: string;
  /** The streams to search (those the caller may read, or the one they asked for). */
  streamIds: readonly string[];
  /** Only hits older than this position (the previous page's last), or null for the newest. */
  before: SearchPosition | null;
  /** Most hits to return. */
  limit: number;
}

/** A matching message: its position, and a snippet of its body with HL_START/HL_END around matches. */
export interface SearchMatch extends SearchPosition {
  marked: string;
}

/** Full-text search of message bodies. */
export interface SearchRepository {
  /**
   * Messages (not deleted) of the given streams whose body matches, newest first (time, then id),
   * at most `limit`, each with a highlighted snippet. A query with nothing searchable matches nothing.
   */
  search(query: SearchQuery): Promise<SearchMatch[]>;
}

/** The cursor of "no page yet": after every message. */
export const NEWEST: SearchPosition = { createdAt: Number.MAX_SAFE_INTEGER, id: '' };

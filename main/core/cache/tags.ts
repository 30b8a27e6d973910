import type { Message } from '../../../shared/protocol/entities';
import type { TagCount } from '../../../shared/protocol/tags';
import type { Db } from './database';
import { rowToMessage, type MessageRow } from './messages';
import { stmt } from './statements';

/** The tag queries of the cache (migration 0040's index); a test checks their plans use it. */
export const TAG_QUERIES = {
  page: `SELECT m.* FROM message_tags t JOIN messages m ON m.id = t.message_id
    WHERE t.tag = ? AND t.message_id < ? ORDER BY t.message_id DESC LIMIT ?`,
  count: 'SELECT COUNT(*) AS count FROM message_tags WHERE tag = ?',
  top: `SELECT tag, COUNT(*) AS count FROM message_tags WHERE stream_id = ?
    GROUP BY tag ORDER BY count DESC, tag LIMIT ?`,
} as const;

/** Past every UUID, so a first page needs no special case. */
const AFTER_ALL_IDS = 'g';

/**
 * The cached messages with a tag, newest first (UUIDv7 ids sort by creation time), older than
 * `beforeId` when given, with how many the cache holds in all. The cache holds only streams the user
 * reads, so this is already authorized.
 */
export function cachedTagMessages(
  db: Db,
  tag: string,
  beforeId: string | undefined,
  limit: number,
): { count: number; messages: Message[]; hasMore: boolean } {
  const rows = stmt(db, TAG_QUERIES.page).all(tag, beforeId ?? AFTER_ALL_IDS, limit + 1) as MessageRow[];
  const { count } = stmt(db, TAG_QUERIES.count).get(tag) as { count: number };
  return { count, messages: rows.slice(0, limit).map(rowToMessage), hasMore: rows.length > limit };
}

/** A stream's most used tags among its cached messages, most used first. */
export function cachedTopTags(db: Db, streamId: string, limit: number): TagCount[] {
  return stmt(db, TAG_QUERIES.top).all(streamId, limit) as TagCount[];
}

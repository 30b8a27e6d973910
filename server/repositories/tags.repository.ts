import type { TagCount } from '../../shared/protocol/index';
import type { Sql } from '../db/sql';

/** One page of tagged message ids, newest first. */
export interface TaggedPage {
  messageIds: string[];
  hasMore: boolean;
}

/**
 * The tag index (`message_tags`, kept equal to `messages.tags` by triggers, migration 0040) and the
 * tags added to messages after posting (`message_added_tags`).
 */
export interface TagsRepository {
  /**
   * Ids of the messages with this tag in these streams, newest first (ids are UUIDv7, so id order is
   * creation order), at most `limit`, older than `beforeId` when given.
   */
  pageIds(tag: string, streamIds: readonly string[], beforeId: string | null, limit: number): Promise<TaggedPage>;
  /** How many messages in these streams carry this tag. */
  count(tag: string, streamIds: readonly string[]): Promise<number>;
  /** A stream's most used tags, most used first (ties by name). */
  top(streamId: string, limit: number): Promise<TagCount[]>;
  /** The tags added to a message after posting, in the order they were added. */
  addedTo(messageId: string): Promise<string[]>;
  /** Records a tag added after posting; resolves false when it was already added. */
  add(messageId: string, tag: string, userId: string, at: number): Promise<boolean>;
  /** Forgets a tag added after posting; resolves false when it was not an added one. */
  remove(messageId: string, tag: string): Promise<boolean>;
  /** Replaces a message's tag list (the triggers re-index it); its body and edit time stay. */
  setMessageTags(messageId: string, tags: readonly string[]): Promise<void>;
}

/** The tags repository on either engine. */
export class SqlTagsRepository implements TagsRepository {
  constructor(private readonly sql: Sql) {}

  async pageIds(
    tag: string,
    streamIds: readonly string[],
    beforeId: string | null,
    limit: number,
  ): Promise<TaggedPage> {
    if (streamIds.length === 0) return { messageIds: [], hasMore: false };
    const { dialect } = this.sql;
    const rows = await this.sql.all<{ messageId: string }>(
      `SELECT message_id AS "messageId" FROM message_tags
       WHERE tag = ? AND ${dialect.inList('stream_id')}${beforeId === null ? '' : ' AND message_id < ?'}
       ORDER BY message_id DESC LIMIT ?`,
      beforeId === null
        ? [tag, dialect.listParam(streamIds), limit + 1]
        : [tag, dialect.listParam(streamIds), beforeId, limit + 1],
    );
    return { messageIds: rows.slice(0, limit).map((r) => r.messageId), hasMore: rows.length > limit };
  }

  async count(tag: string, streamIds: readonly string[]): Promise<number> {
    if (streamIds.length === 0) return 0;
    const row = await this.sql.get<{ count: number }>(
      `SELECT COUNT(*) AS count FROM message_tags WHERE tag = ? AND ${this.sql.dialect.inList('stream_id')}`,
      [tag, this.sql.dialect.listParam(streamIds)],
    );
    return row?.count ?? 0;
  }

  top(streamId: string, limit: number): Promise<TagCount[]> {
    return this.sql.all<TagCount>(
      `SELECT tag, COUNT(*) AS count FROM message_tags WHERE stream_id = ?
       GROUP BY tag ORDER BY count DESC, tag LIMIT ?`,
      [streamId, limit],
    );
  }

  async addedTo(messageId: string): Promise<string[]> {
    const rows = await this.sql.all<{ tag: string }>(
      'SELECT tag FROM message_added_tags WHERE message_id = ? ORDER BY added_at, tag',
      [messageId],
    );
    return rows.map((r) => r.tag);
  }

  async add(messageId: string, tag: string, userId: string, at: number): Promise<boolean> {
    const added = await this.sql.run(
      `INSERT INTO message_added_tags (message_id, tag, added_by, added_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (message_id, tag) DO NOTHING`,
      [messageId, tag, userId, at],
    );
    return added === 1;
  }

  async remove(messageId: string, tag: string): Promise<boolean> {
    return (
      (await this.sql.run('DELETE FROM message_added_tags WHERE message_id = ? AND tag = ?', [messageId, tag])) === 1
    );
  }

  async setMessageTags(messageId: string, tags: readonly string[]): Promise<void> {
    if ((await this.sql.run('UPDATE messages SET tags = ? WHERE id = ?', [JSON.stringify(tags), messageId])) !== 1)
      throw new Error(`message ${messageId} not found`);
  }
}

import {
  newMessage,
  type Message,
  type MessageIntegration,
  type Provenance,
  type Reactions,
} from '../../shared/protocol/index';
import type { Sql } from '../db/sql';
import { SqlFilesRepository } from './files.repository';
import { byteCappedRows, takePage, type Page } from './pages';

interface MessageRow {
  id: string;
  streamId: string;
  seq: number;
  authorId: string;
  authorName: string;
  clientId: string;
  body: string;
  threadRootId: string | null;
  mentions: string;
  tags: string;
  replyCount: number;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  sharedAt: number | null;
  provenance: string | null;
  integrationId: string | null;
  integrationName: string | null;
  integrationAvatarUrl: string | null;
  externalAuthor: string | null;
}

// An integration's post shows the integration as its author (authorName too, so clients that do not
// know the `integration` field yet still show the right name).
const SELECT = `SELECT m.id, m.stream_id AS "streamId", m.seq, m.author_id AS "authorId",
  COALESCE(i.name, u.name) AS "authorName",
  m.client_id AS "clientId", m.body, m.thread_root_id AS "threadRootId", m.mentions, m.tags,
  m.reply_count AS "replyCount", m.created_at AS "createdAt", m.edited_at AS "editedAt", m.deleted_at AS "deletedAt",
  m.shared_at AS "sharedAt", m.provenance, m.integration_id AS "integrationId", i.name AS "integrationName",
  i.avatar_url AS "integrationAvatarUrl", m.external_author AS "externalAuthor"
  FROM messages m JOIN users u ON u.id = m.author_id LEFT JOIN integrations i ON i.id = m.integration_id`;

/** What a new message row needs; seq comes from the stream's counter in the same unit of work. */
export interface NewMessage {
  id: string;
  streamId: string;
  seq: number;
  authorId: string;
  clientId: string;
  body: string;
  threadRootId: string | null;
  mentions: string[];
  tags: string[];
  createdAt: number;
  provenance: Provenance | null;
  /** The integration that posts it (its author is then the integration's creator), if any. */
  integration?: MessageIntegration | null | undefined;
}

/** A new body for a message, with the references parsed from it. */
export interface BodyEdit {
  id: string;
  body: string;
  mentions: string[];
  tags: string[];
  editorId: string;
  at: number;
}

/** One earlier version of a message body. */
export interface MessageEdit {
  previousBody: string;
  editorId: string;
  editedAt: number;
}

/** Messages with their edit history, mention index and reactions. */
export interface MessagesRepository {
  /** Inserts a message and its mention index rows. */
  insert(message: NewMessage): Promise<void>;
  /** The message with this id, or null. */
  get(id: string): Promise<Message | null>;
  /**
   * The message with this id, its row locked until the unit of work ends (concurrent deletes and
   * reactions of one message take turns), or null.
   */
  getForUpdate(id: string): Promise<Message | null>;
  /** The message an author already sent with this client id in this stream, or null. */
  getByClientId(authorId: string, streamId: string, clientId: string): Promise<Message | null>;
  /**
   * One page of messages with seq below the cursor, newest first: at most `limit` messages and
   * `maxBytes` of their JSON (never fewer than one while any remain), and whether older ones exist.
   */
  pageBefore(streamId: string, beforeSeq: number, limit: number, maxBytes: number): Promise<Page<Message>>;
  /** Replaces the body (keeping the old one as an edit) and its parsed references. */
  updateBody(edit: BodyEdit): Promise<void>;
  /** Earlier bodies of a message, oldest first. */
  listEdits(id: string): Promise<MessageEdit[]>;
  /**
   * Keeps the current body as one more earlier version, edited away by `editorId` (the author when
   * null) at `at`: what a delete under legal hold stores before the tombstone empties the body.
   */
  keepBodyAsVersion(id: string, editorId: string | null, at: number): Promise<void>;
  /** Erases a message's earlier versions (its edit history); resolves how many were removed. */
  deleteEdits(id: string): Promise<number>;
  /**
   * Turns a message into a tombstone: body, references and reactions gone, row kept. The log entries
   * that carried the message before (its creation, edits, reactions, replies to it) are redacted the
   * same way, so a later catch-up from an old cursor never serves the deleted body again.
   */
  tombstone(id: string, at: number): Promise<void>;
  /** Adds one to a thread root's reply count. */
  incrementReplyCount(rootId: string): Promise<void>;
  /** Whether the message has a reaction with this emoji (anyone's), and how many different emoji it has. */
  reactionEmojiCount(messageId: string, emoji: string): Promise<{ present: boolean; distinct: number }>;
  /** Adds the reaction if absent, removes it if present; resolves whether it is now present. */
  toggleReaction(messageId: string, emoji: string, userId: string, at: number): Promise<boolean>;
  /** Sets or clears the time an original's copy was published org-wide. */
  setSharedAt(id: string, at: number | null): Promise<void>;
  /** The messages with these ids, in the order of `ids` (missing ones left out). */
  getMany(ids: readonly string[]): Promise<Message[]>;
}

/** The messages repository on either engine. */
export class SqlMessagesRepository implements MessagesRepository {
  constructor(private readonly sql: Sql) {}

  async insert(m: NewMessage): Promise<void> {
    await this.sql.run(
      `INSERT INTO messages (id, stream_id, seq, author_id, client_id, body, thread_root_id, mentions, tags, created_at,
         provenance, integration_id, external_author)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        m.id,
        m.streamId,
        m.seq,
        m.authorId,
        m.clientId,
        m.body,
        m.threadRootId,
        JSON.stringify(m.mentions),
        JSON.stringify(m.tags),
        m.createdAt,
        m.provenance ? JSON.stringify(m.provenance) : null,
        m.integration?.id ?? null,
        m.integration?.externalAuthor ?? null,
      ],
    );
    await this.insertMentions(m.id, m.streamId, m.seq, m.mentions);
  }

  async get(id: string): Promise<Message | null> {
    const row = await this.sql.get<MessageRow>(`${SELECT} WHERE m.id = ?`, [id]);
    return row ? (await this.toMessages([row]))[0]! : null;
  }

  async getForUpdate(id: string): Promise<Message | null> {
    const row = await this.sql.get<MessageRow>(`${SELECT} WHERE m.id = ?${this.sql.dialect.forUpdate('m')}`, [id]);
    return row ? (await this.toMessages([row]))[0]! : null;
  }

  async getByClientId(authorId: string, streamId: string, clientId: string): Promise<Message | null> {
    const row = await this.sql.get<MessageRow>(
      `${SELECT} WHERE m.author_id = ? AND m.stream_id = ? AND m.client_id = ?`,
      [authorId, streamId, clientId],
    );
    return row ? (await this.toMessages([row]))[0]! : null;
  }

  async pageBefore(streamId: string, beforeSeq: number, limit: number, maxBytes: number): Promise<Page<Message>> {
    // A message's JSON is never smaller than its body, so body bytes bound what can still fit.
    const rows = await this.sql.all<MessageRow>(
      byteCappedRows(
        `${SELECT} WHERE m.stream_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
        'seq DESC',
        'octet_length(body)',
      ),
      [streamId, beforeSeq, limit + 1, maxBytes],
    );
    const messages = await this.toMessages(rows);
    return takePage(messages, limit, maxBytes, (message) => ({
      item: message,
      bytes: Buffer.byteLength(JSON.stringify(message)),
    }));
  }

  async updateBody(edit: BodyEdit): Promise<void> {
    await this.sql.run(
      'INSERT INTO message_edits (message_id, previous_body, editor_id, edited_at) SELECT id, body, ?, ? FROM messages WHERE id = ?',
      [edit.editorId, edit.at, edit.id],
    );
    const row = await this.sql.get<{ streamId: string; seq: number }>(
      'UPDATE messages SET body = ?, mentions = ?, tags = ?, edited_at = ? WHERE id = ? RETURNING stream_id AS "streamId", seq',
      [edit.body, JSON.stringify(edit.mentions), JSON.stringify(edit.tags), edit.at, edit.id],
    );
    if (!row) throw new Error(`message ${edit.id} not found`);
    await this.sql.run('DELETE FROM message_mentions WHERE message_id = ?', [edit.id]);
    await this.insertMentions(edit.id, row.streamId, row.seq, edit.mentions);
  }

  listEdits(id: string): Promise<MessageEdit[]> {
    return this.sql.all<MessageEdit>(
      `SELECT previous_body AS "previousBody", editor_id AS "editorId", edited_at AS "editedAt"
       FROM message_edits WHERE message_id = ? ORDER BY id`,
      [id],
    );
  }

  async keepBodyAsVersion(id: string, editorId: string | null, at: number): Promise<void> {
    const kept = await this.sql.run(
      `INSERT INTO message_edits (message_id, previous_body, editor_id, edited_at)
       SELECT id, body, COALESCE(?, author_id), ? FROM messages WHERE id = ?`,
      [editorId, at, id],
    );
    if (kept !== 1) throw new Error(`message ${id} not found`);
  }

  deleteEdits(id: string): Promise<number> {
    return this.sql.run('DELETE FROM message_edits WHERE message_id = ?', [id]);
  }

  async tombstone(id: string, at: number): Promise<void> {
    const row = await this.sql.get<{ streamId: string; seq: number }>(
      `UPDATE messages SET body = '', mentions = '[]', tags = '[]', deleted_at = ? WHERE id = ? AND deleted_at IS NULL
       RETURNING stream_id AS "streamId", seq`,
      [at, id],
    );
    if (!row) throw new Error(`message ${id} not found or already deleted`);
    await this.sql.run('DELETE FROM message_mentions WHERE message_id = ?', [id]);
    await this.sql.run('DELETE FROM reactions WHERE message_id = ?', [id]);
    await this.sql.run(this.sql.dialect.redactMessageEvents, [row.streamId, row.seq, `%${id}%`, id]);
  }

  async incrementReplyCount(rootId: string): Promise<void> {
    if ((await this.sql.run('UPDATE messages SET reply_count = reply_count + 1 WHERE id = ?', [rootId])) !== 1)
      throw new Error(`thread root ${rootId} not found`);
  }

  async reactionEmojiCount(messageId: string, emoji: string): Promise<{ present: boolean; distinct: number }> {
    const row = await this.sql.get<{ distinct: number; present: number | null }>(
      `SELECT COUNT(DISTINCT emoji) AS "distinct", SUM(CASE WHEN emoji = ? THEN 1 ELSE 0 END) AS present
       FROM reactions WHERE message_id = ?`,
      [emoji, messageId],
    );
    return { present: (row?.present ?? 0) > 0, distinct: row?.distinct ?? 0 };
  }

  async toggleReaction(messageId: string, emoji: string, userId: string, at: number): Promise<boolean> {
    const removed = await this.sql.run('DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?', [
      messageId,
      emoji,
      userId,
    ]);
    if (removed > 0) return false;
    await this.sql.run('INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)', [
      messageId,
      emoji,
      userId,
      at,
    ]);
    return true;
  }

  async setSharedAt(id: string, at: number | null): Promise<void> {
    if ((await this.sql.run('UPDATE messages SET shared_at = ? WHERE id = ?', [at, id])) !== 1)
      throw new Error(`message ${id} not found`);
  }

  async getMany(ids: readonly string[]): Promise<Message[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql.all<MessageRow>(`${SELECT} WHERE ${this.sql.dialect.inList('m.id')}`, [
      this.sql.dialect.listParam(ids),
    ]);
    const byId = new Map((await this.toMessages(rows)).map((m) => [m.id, m]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private async insertMentions(messageId: string, streamId: string, seq: number, userIds: string[]): Promise<void> {
    for (const userId of userIds)
      await this.sql.run('INSERT INTO message_mentions (message_id, user_id, stream_id, seq) VALUES (?, ?, ?, ?)', [
        messageId,
        userId,
        streamId,
        seq,
      ]);
  }

  /** Rows to messages, with the reactions of all of them read in one query. */
  private async toMessages(rows: MessageRow[]): Promise<Message[]> {
    if (rows.length === 0) return [];
    const { dialect } = this.sql;
    const ids = rows.map((r) => r.id);
    const reactions = await this.sql.all<{ messageId: string; emoji: string; userId: string }>(
      rows.length === 1
        ? 'SELECT message_id AS "messageId", emoji, user_id AS "userId" FROM reactions WHERE message_id = ? ORDER BY created_at, user_id'
        : `SELECT message_id AS "messageId", emoji, user_id AS "userId" FROM reactions
           WHERE ${dialect.inList('message_id')} ORDER BY created_at, user_id`,
      rows.length === 1 ? ids : [dialect.listParam(ids)],
    );
    // Maps, not plain objects: emoji are user input, and keys like `__proto__` or `constructor` would
    // hit Object.prototype (a crash, or worse). fromEntries defines them as own properties.
    const byMessage = new Map<string, Map<string, string[]>>();
    for (const r of reactions) {
      let byEmoji = byMessage.get(r.messageId);
      if (!byEmoji) byMessage.set(r.messageId, (byEmoji = new Map()));
      const users = byEmoji.get(r.emoji);
      if (users) users.push(r.userId);
      else byEmoji.set(r.emoji, [r.userId]);
    }
    const files = await new SqlFilesRepository(this.sql).forMessages(ids);
    // Field by field: a page's rows carry the paging columns too.
    return rows.map((row) => ({
      id: row.id,
      streamId: row.streamId,
      seq: row.seq,
      authorId: row.authorId,
      authorName: row.authorName,
      clientId: row.clientId,
      body: row.body,
      threadRootId: row.threadRootId,
      mentions: JSON.parse(row.mentions) as string[],
      tags: JSON.parse(row.tags) as string[],
      reactions: Object.fromEntries(byMessage.get(row.id) ?? []) as Reactions,
      replyCount: row.replyCount,
      createdAt: row.createdAt,
      editedAt: row.editedAt,
      deletedAt: row.deletedAt,
      sharedAt: row.sharedAt,
      provenance: row.provenance ? (JSON.parse(row.provenance) as Provenance) : null,
      integration:
        row.integrationId === null
          ? null
          : {
              id: row.integrationId,
              name: row.integrationName ?? '',
              avatarUrl: row.integrationAvatarUrl,
              externalAuthor: row.externalAuthor,
            },
      // absent rather than empty: messages without files look as they did before files
      ...(files.has(row.id) ? { files: files.get(row.id)! } : {}),
    }));
  }
}

/**
 * The stored shape of a message just written by `insert`, built without reading it back: the send
 * path's ack and `message:created` event need it, and re-reading cost two queries per send.
 */
export function newMessageEntity(m: NewMessage, authorName: string): Message {
  return newMessage({
    id: m.id,
    streamId: m.streamId,
    seq: m.seq,
    authorId: m.authorId,
    authorName,
    clientId: m.clientId,
    body: m.body,
    threadRootId: m.threadRootId,
    mentions: [...m.mentions],
    tags: [...m.tags],
    createdAt: m.createdAt,
    provenance: m.provenance,
    integration: m.integration ?? null,
  });
}

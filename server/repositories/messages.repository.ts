import { newMessage, type Message, type Provenance, type Reactions } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { takePage, type Page } from './pages';
import { stmt } from './statements';

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
}

const SELECT = `SELECT m.id, m.stream_id AS streamId, m.seq, m.author_id AS authorId, u.name AS authorName,
  m.client_id AS clientId, m.body, m.thread_root_id AS threadRootId, m.mentions, m.tags,
  m.reply_count AS replyCount, m.created_at AS createdAt, m.edited_at AS editedAt, m.deleted_at AS deletedAt,
  m.shared_at AS sharedAt, m.provenance
  FROM messages m JOIN users u ON u.id = m.author_id`;

/** What a new message row needs; seq comes from the stream's counter in the same transaction. */
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
}

/** Inserts a message and its mention index rows. */
export function insertMessage(db: Db, m: NewMessage): void {
  stmt(
    db,
    `INSERT INTO messages (id, stream_id, seq, author_id, client_id, body, thread_root_id, mentions, tags, created_at, provenance)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
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
  );
  insertMentions(db, m.id, m.streamId, m.seq, m.mentions);
}

/**
 * The stored shape of a message just written by insertMessage, built without reading it back: the
 * send path's ack and `message:created` event need it, and re-reading cost two queries per send.
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
  });
}

function insertMentions(db: Db, messageId: string, streamId: string, seq: number, userIds: string[]): void {
  if (userIds.length === 0) return;
  const insert = stmt(db, 'INSERT INTO message_mentions (message_id, user_id, stream_id, seq) VALUES (?, ?, ?, ?)');
  for (const userId of userIds) insert.run(messageId, userId, streamId, seq);
}

/** Replaces the mention index rows of a message (used on create and edit). */
export function replaceMentions(db: Db, messageId: string, streamId: string, seq: number, userIds: string[]): void {
  stmt(db, 'DELETE FROM message_mentions WHERE message_id = ?').run(messageId);
  insertMentions(db, messageId, streamId, seq, userIds);
}

function reactionsOf(db: Db, messageId: string): Reactions {
  const rows = stmt(
    db,
    'SELECT emoji, user_id AS userId FROM reactions WHERE message_id = ? ORDER BY created_at, user_id',
  ).all(messageId) as Array<{ emoji: string; userId: string }>;
  // A Map, not a plain object: emoji are user input, and keys like `__proto__` or `constructor`
  // would hit Object.prototype (a crash, or worse). fromEntries defines them as own properties.
  const byEmoji = new Map<string, string[]>();
  for (const row of rows) {
    const users = byEmoji.get(row.emoji);
    if (users) users.push(row.userId);
    else byEmoji.set(row.emoji, [row.userId]);
  }
  return Object.fromEntries(byEmoji) as Reactions;
}

function toMessage(db: Db, row: MessageRow): Message {
  return {
    ...row,
    mentions: JSON.parse(row.mentions) as string[],
    tags: JSON.parse(row.tags) as string[],
    reactions: reactionsOf(db, row.id),
    provenance: row.provenance ? (JSON.parse(row.provenance) as Provenance) : null,
  };
}

/** The message with this id, or null. */
export function getMessage(db: Db, id: string): Message | null {
  const row = stmt(db, `${SELECT} WHERE m.id = ?`).get(id) as MessageRow | undefined;
  return row ? toMessage(db, row) : null;
}

/** The message an author already sent with this client id in this stream, or null. */
export function getMessageByClientId(db: Db, authorId: string, streamId: string, clientId: string): Message | null {
  const row = stmt(db, `${SELECT} WHERE m.author_id = ? AND m.stream_id = ? AND m.client_id = ?`).get(
    authorId,
    streamId,
    clientId,
  ) as MessageRow | undefined;
  return row ? toMessage(db, row) : null;
}

/**
 * One page of messages with seq below the cursor, newest first: at most `limit` messages and
 * `maxBytes` of their JSON (never fewer than one while any remain), and whether older ones exist.
 */
export function listMessagesBefore(
  db: Db,
  streamId: string,
  beforeSeq: number,
  limit: number,
  maxBytes: number,
): Page<Message> {
  const rows = stmt(db, `${SELECT} WHERE m.stream_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`).iterate(
    streamId,
    beforeSeq,
    limit + 1,
  ) as IterableIterator<MessageRow>;
  return takePage(rows, limit, maxBytes, (row) => {
    const message = toMessage(db, row);
    return { item: message, bytes: Buffer.byteLength(JSON.stringify(message)) };
  });
}

/** Replaces the body (keeping the old one in message_edits) and its parsed references. */
export function updateBody(
  db: Db,
  edit: { id: string; body: string; mentions: string[]; tags: string[]; editorId: string; at: number },
): void {
  stmt(
    db,
    'INSERT INTO message_edits (message_id, previous_body, editor_id, edited_at) SELECT id, body, ?, ? FROM messages WHERE id = ?',
  ).run(edit.editorId, edit.at, edit.id);
  const row = stmt(
    db,
    'UPDATE messages SET body = ?, mentions = ?, tags = ?, edited_at = ? WHERE id = ? RETURNING stream_id AS streamId, seq',
  ).get(edit.body, JSON.stringify(edit.mentions), JSON.stringify(edit.tags), edit.at, edit.id) as
    { streamId: string; seq: number } | undefined;
  if (!row) throw new Error(`message ${edit.id} not found`);
  replaceMentions(db, edit.id, row.streamId, row.seq, edit.mentions);
}

/** Earlier bodies of a message, oldest first. */
export function listEdits(db: Db, id: string): Array<{ previousBody: string; editorId: string; editedAt: number }> {
  return stmt(
    db,
    'SELECT previous_body AS previousBody, editor_id AS editorId, edited_at AS editedAt FROM message_edits WHERE message_id = ? ORDER BY id',
  ).all(id) as Array<{ previousBody: string; editorId: string; editedAt: number }>;
}

/** Erases a message's earlier versions (its edit history); returns how many were removed. */
export function deleteEdits(db: Db, id: string): number {
  return stmt(db, 'DELETE FROM message_edits WHERE message_id = ?').run(id).changes;
}

/**
 * Turns a message into a tombstone: body, references and reactions gone, row kept. The log entries
 * that carried the message before (its creation, edits, reactions, replies to it) are redacted the
 * same way, so a later catch-up from an old cursor never serves the deleted body again.
 */
export function tombstone(db: Db, id: string, at: number): void {
  const row = stmt(
    db,
    `UPDATE messages SET body = '', mentions = '[]', tags = '[]', deleted_at = ? WHERE id = ? AND deleted_at IS NULL
     RETURNING stream_id AS streamId, seq`,
  ).get(at, id) as { streamId: string; seq: number } | undefined;
  if (!row) throw new Error(`message ${id} not found or already deleted`);
  stmt(db, 'DELETE FROM message_mentions WHERE message_id = ?').run(id);
  stmt(db, 'DELETE FROM reactions WHERE message_id = ?').run(id);
  stmt(
    db,
    `UPDATE stream_events SET payload = json_set(payload, '$.message.body', '', '$.message.mentions', json('[]'),
       '$.message.tags', json('[]'), '$.message.reactions', json('{}'))
     WHERE stream_id = ? AND seq >= ? AND json_extract(payload, '$.message.id') = ?`,
  ).run(row.streamId, row.seq, id);
}

/** Adds one to a thread root's reply count. */
export function incrementReplyCount(db: Db, rootId: string): void {
  const result = stmt(db, 'UPDATE messages SET reply_count = reply_count + 1 WHERE id = ?').run(rootId);
  if (result.changes !== 1) throw new Error(`thread root ${rootId} not found`);
}

/** Whether the message has a reaction with this emoji (anyone's), and how many different emoji it has. */
export function reactionEmojiCount(db: Db, messageId: string, emoji: string): { present: boolean; distinct: number } {
  const row = stmt(
    db,
    'SELECT COUNT(DISTINCT emoji) AS distinct_count, MAX(emoji = ?) AS present FROM reactions WHERE message_id = ?',
  ).get(emoji, messageId) as { distinct_count: number; present: number | null };
  return { present: row.present === 1, distinct: row.distinct_count };
}

/** Adds the reaction if absent, removes it if present; returns whether it is now present. */
export function toggleReaction(db: Db, messageId: string, emoji: string, userId: string, at: number): boolean {
  const removed = stmt(db, 'DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?').run(
    messageId,
    emoji,
    userId,
  ).changes;
  if (removed > 0) return false;
  stmt(db, 'INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)').run(
    messageId,
    emoji,
    userId,
    at,
  );
  return true;
}

/** Sets or clears the time an original's copy was published org-wide. */
export function setSharedAt(db: Db, id: string, at: number | null): void {
  const result = stmt(db, 'UPDATE messages SET shared_at = ? WHERE id = ?').run(at, id);
  if (result.changes !== 1) throw new Error(`message ${id} not found`);
}

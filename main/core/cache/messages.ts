import type { Message, ReactionChange } from '../../../shared/protocol/entities';
import type { Db } from './database';
import { stmt } from './statements';

/** A messages row as stored. */
export interface MessageRow {
  row_id: number;
  id: string;
  stream_id: string;
  seq: number;
  author_id: string;
  author_name: string;
  client_id: string;
  body: string;
  thread_root_id: string | null;
  mentions: string;
  tags: string;
  reactions: string;
  reply_count: number;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  shared_at: number | null;
  provenance: string | null;
  integration: string | null;
  /** Attached files as JSON (migration 0130); null: none. */
  files: string | null;
  stream_name: string;
}

/** JSON.parse, skipping the parser for the empty list/object most rows hold (lists read many rows). */
function parseJson<T>(json: string): T {
  if (json === '[]') return [] as T;
  if (json === '{}') return {} as T;
  return JSON.parse(json) as T;
}

/** Turns a stored row back into the protocol entity. */
export function rowToMessage(row: MessageRow): Message {
  return {
    id: row.id,
    streamId: row.stream_id,
    seq: row.seq,
    authorId: row.author_id,
    authorName: row.author_name,
    clientId: row.client_id,
    body: row.body,
    threadRootId: row.thread_root_id,
    mentions: parseJson<string[]>(row.mentions),
    tags: parseJson<string[]>(row.tags),
    reactions: parseJson<Message['reactions']>(row.reactions),
    replyCount: row.reply_count,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    sharedAt: row.shared_at,
    provenance: row.provenance === null ? null : parseJson<Message['provenance']>(row.provenance),
    integration: row.integration === null ? null : parseJson<NonNullable<Message['integration']>>(row.integration),
    // absent rather than empty: a message without files looks as it did before files
    ...(row.files ? { files: parseJson<NonNullable<Message['files']>>(row.files) } : {}),
  };
}

/**
 * Inserts or replaces a message's state by id; returns whether the row changed. Events carry the full
 * state after the change, so this is idempotent: a state already stored writes nothing (and fires no
 * FTS trigger), whoever stored it first — the log or an ack.
 */
export function upsertMessage(db: Db, m: Message): boolean {
  const streamName =
    (stmt(db, 'SELECT name FROM streams WHERE id = ?').pluck().get(m.streamId) as string | undefined) ?? '';
  // a deleted message keeps no searchable text, whatever the server sent
  const body = m.deletedAt === null ? m.body : '';
  return (
    stmt(
      db,
      `INSERT INTO messages (id, stream_id, seq, author_id, author_name, client_id, body, thread_root_id, mentions,
       tags, reactions, reply_count, created_at, edited_at, deleted_at, shared_at, provenance, integration, files,
       stream_name)
     VALUES (@id, @streamId, @seq, @authorId, @authorName, @clientId, @body, @threadRootId, @mentions, @tags,
       @reactions, @replyCount, @createdAt, @editedAt, @deletedAt, @sharedAt, @provenance, @integration, @files,
       @streamName)
     ON CONFLICT (id) DO UPDATE SET
       seq = excluded.seq, author_name = excluded.author_name, body = excluded.body,
       thread_root_id = excluded.thread_root_id, mentions = excluded.mentions, tags = excluded.tags,
       reactions = excluded.reactions, reply_count = excluded.reply_count, edited_at = excluded.edited_at,
       deleted_at = excluded.deleted_at, shared_at = excluded.shared_at, provenance = excluded.provenance,
       integration = excluded.integration, files = excluded.files, stream_name = excluded.stream_name
     WHERE messages.body IS NOT excluded.body OR messages.reactions IS NOT excluded.reactions
       OR messages.reply_count IS NOT excluded.reply_count OR messages.edited_at IS NOT excluded.edited_at
       OR messages.deleted_at IS NOT excluded.deleted_at OR messages.shared_at IS NOT excluded.shared_at
       OR messages.provenance IS NOT excluded.provenance OR messages.author_name IS NOT excluded.author_name
       OR messages.stream_name IS NOT excluded.stream_name OR messages.seq IS NOT excluded.seq
       OR messages.mentions IS NOT excluded.mentions OR messages.tags IS NOT excluded.tags
       OR messages.thread_root_id IS NOT excluded.thread_root_id OR messages.integration IS NOT excluded.integration
       OR messages.files IS NOT excluded.files`,
    ).run({
      ...m,
      body,
      mentions: JSON.stringify(m.mentions),
      tags: JSON.stringify(m.tags),
      reactions: JSON.stringify(m.reactions),
      provenance: m.provenance === null ? null : JSON.stringify(m.provenance),
      // absent (a server before integrations) is stored as null, as the protocol reads it
      integration: m.integration ? JSON.stringify(m.integration) : null,
      // a deleted message keeps no attachments, whatever the server sent
      files: m.files?.length && m.deletedAt === null ? JSON.stringify(m.files) : null,
      streamName,
    }).changes > 0
  );
}

/**
 * Applies one reaction change to a cached message: adds or removes one user under one emoji. Idempotent
 * (adding a present user or removing an absent one changes nothing), so applying an event twice is a
 * no-op; a message the cache does not hold is left alone. Returns whether the row changed.
 */
export function applyReactionChange(db: Db, change: ReactionChange): boolean {
  const stored = stmt(db, 'SELECT reactions FROM messages WHERE id = ? AND deleted_at IS NULL')
    .pluck()
    .get(change.messageId) as string | undefined;
  if (stored === undefined) return false;
  // A Map, not a plain object: keys are user input, and `__proto__` must stay an ordinary key.
  const byEmoji = new Map(Object.entries(JSON.parse(stored) as Message['reactions']));
  const users = byEmoji.get(change.emoji) ?? [];
  const has = users.includes(change.userId);
  if (has === change.added) return false;
  const next = change.added ? [...users, change.userId] : users.filter((u) => u !== change.userId);
  if (next.length > 0) byEmoji.set(change.emoji, next);
  else byEmoji.delete(change.emoji);
  stmt(db, 'UPDATE messages SET reactions = ? WHERE id = ?').run(
    JSON.stringify(Object.fromEntries(byEmoji)),
    change.messageId,
  );
  return true;
}

/** The queries the UI runs most; a test checks their plans use the indexes. */
export const HOT_QUERIES = {
  listTopLevel: `SELECT * FROM messages WHERE stream_id = ? AND thread_root_id IS NULL AND seq < ?
    ORDER BY seq DESC LIMIT ?`,
  listReplies: 'SELECT * FROM messages WHERE thread_root_id = ? ORDER BY seq',
  byId: 'SELECT * FROM messages WHERE id = ?',
} as const;

/** One message by id, or null. */
export function getMessage(db: Db, id: string): Message | null {
  const row = stmt(db, HOT_QUERIES.byId).get(id) as MessageRow | undefined;
  return row ? rowToMessage(row) : null;
}

/** The newest top-level messages of a stream before `beforeSeq`, oldest first, plus whether older ones exist. */
export function listTopLevel(
  db: Db,
  streamId: string,
  beforeSeq: number | undefined,
  limit: number,
): { messages: Message[]; hasMore: boolean } {
  const rows = stmt(db, HOT_QUERIES.listTopLevel).all(
    streamId,
    beforeSeq ?? Number.MAX_SAFE_INTEGER,
    limit + 1,
  ) as MessageRow[];
  const hasMore = rows.length > limit;
  return { messages: rows.slice(0, limit).reverse().map(rowToMessage), hasMore };
}

/** The replies of a thread, oldest first. */
export function listReplies(db: Db, rootId: string): Message[] {
  const rows = stmt(db, HOT_QUERIES.listReplies).all(rootId) as MessageRow[];
  return rows.map(rowToMessage);
}

/** Every cached message of a stream in seq order (tests and consistency checks). */
export function listAllInStream(db: Db, streamId: string): Message[] {
  const rows = stmt(db, 'SELECT * FROM messages WHERE stream_id = ? ORDER BY seq').all(streamId) as MessageRow[];
  return rows.map(rowToMessage);
}

/** Removes a stream's messages (and, through the triggers, their FTS rows). */
export function purgeStreamMessages(db: Db, streamId: string): number {
  return stmt(db, 'DELETE FROM messages WHERE stream_id = ?').run(streamId).changes;
}

/** Propagates a stream rename into the denormalized column, which re-indexes its messages. */
export function renameStreamInMessages(db: Db, streamId: string, name: string): void {
  stmt(db, 'UPDATE messages SET stream_name = ? WHERE stream_id = ? AND stream_name IS NOT ?').run(
    name,
    streamId,
    name,
  );
}

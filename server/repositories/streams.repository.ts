import type { StreamEvent } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { takePage, type Page } from './pages';
import { stmt } from './statements';

/** A stream as the server stores it. */
export interface StreamRecord {
  id: string;
  orgId: string;
  kind: 'team' | 'org';
  name: string;
  headSeq: number;
}

const COLUMNS = 'id, org_id AS orgId, kind, name, head_seq AS headSeq';

/** Inserts a stream with an empty log. */
export function insertStream(db: Db, stream: Omit<StreamRecord, 'headSeq'> & { createdAt: number }): void {
  stmt(
    db,
    'INSERT INTO streams (id, org_id, kind, name, created_at) VALUES (@id, @orgId, @kind, @name, @createdAt)',
  ).run(stream);
}

/** The stream with this id, or null. */
export function getStream(db: Db, id: string): StreamRecord | null {
  return (stmt(db, `SELECT ${COLUMNS} FROM streams WHERE id = ?`).get(id) as StreamRecord | undefined) ?? null;
}

/** The organization's org-wide stream, or null. */
export function getOrgStream(db: Db, orgId: string): StreamRecord | null {
  return (
    (stmt(db, `SELECT ${COLUMNS} FROM streams WHERE org_id = ? AND kind = 'org'`).get(orgId) as
      StreamRecord | undefined) ?? null
  );
}

/** Reserves the stream's next seq; call inside the transaction that writes the event it numbers. */
export function allocateSeq(db: Db, streamId: string): number {
  const row = stmt(db, 'UPDATE streams SET head_seq = head_seq + 1 WHERE id = ? RETURNING head_seq AS seq').get(
    streamId,
  ) as { seq: number } | undefined;
  if (!row) throw new Error(`stream ${streamId} not found`);
  return row.seq;
}

/** Writes one log entry under an already allocated seq. */
export function insertEvent(db: Db, event: StreamEvent): void {
  stmt(db, 'INSERT INTO stream_events (stream_id, seq, type, at, actor_id, payload) VALUES (?, ?, ?, ?, ?, ?)').run(
    event.streamId,
    event.seq,
    event.type,
    event.at,
    event.actorId,
    JSON.stringify(event),
  );
}

/**
 * One page of log entries after a cursor, oldest first: at most `limit` entries and `maxBytes` of
 * their JSON (never fewer than one while any remain), and whether more follow.
 */
export function listEventsAfter(
  db: Db,
  streamId: string,
  afterSeq: number,
  limit: number,
  maxBytes: number,
): Page<StreamEvent> {
  const rows = stmt(db, 'SELECT payload FROM stream_events WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?')
    .pluck()
    .iterate(streamId, afterSeq, limit + 1) as IterableIterator<string>;
  return takePage(rows, limit, maxBytes, (payload) => ({
    item: JSON.parse(payload) as StreamEvent,
    bytes: Buffer.byteLength(payload),
  }));
}

/** The user's read cursor in a stream (0 when never read). */
export function getReadMark(db: Db, userId: string, streamId: string): number {
  const row = stmt(db, 'SELECT last_read_seq AS seq FROM read_marks WHERE user_id = ? AND stream_id = ?').get(
    userId,
    streamId,
  ) as { seq: number } | undefined;
  return row?.seq ?? 0;
}

/** Moves the read cursor forward only; returns the cursor after the call. */
export function advanceReadMark(db: Db, userId: string, streamId: string, seq: number): number {
  stmt(
    db,
    `INSERT INTO read_marks (user_id, stream_id, last_read_seq) VALUES (?, ?, ?)
     ON CONFLICT (user_id, stream_id) DO UPDATE SET last_read_seq = MAX(last_read_seq, excluded.last_read_seq)`,
  ).run(userId, streamId, seq);
  return getReadMark(db, userId, streamId);
}

/** Messages by others after the cursor, and how many of them mention the user. */
export function countUnread(
  db: Db,
  userId: string,
  streamId: string,
  afterSeq: number,
): { unread: number; mentions: number } {
  const unread = stmt(
    db,
    'SELECT COUNT(*) AS n FROM messages WHERE stream_id = ? AND seq > ? AND author_id <> ? AND deleted_at IS NULL',
  ).get(streamId, afterSeq, userId) as { n: number };
  const mentions = stmt(
    db,
    'SELECT COUNT(*) AS n FROM message_mentions WHERE user_id = ? AND stream_id = ? AND seq > ?',
  ).get(userId, streamId, afterSeq) as { n: number };
  return { unread: unread.n, mentions: mentions.n };
}

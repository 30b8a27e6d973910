import { directParticipantSchema, type Stream, type StreamKind } from '../../../shared/protocol/entities';
import type { Db } from './database';
import { stmt } from './statements';
import { purgeStreamMessages, renameStreamInMessages } from './messages';
import { forgetPurged } from './purge';
import { forgetPulses } from './pulses';

interface StreamRow {
  id: string;
  kind: StreamKind;
  team_id: string | null;
  name: string;
  role: 'member' | 'curator' | null;
  head_seq: number;
  last_read_seq: number;
  cursor: number;
  history_floor: number;
  unread_count: number;
  mention_count: number;
  /** JSON of a direct conversation's participants; null for other streams. */
  participants: string | null;
  /** 1 for an archived team's stream (cache migration 0140). */
  archived: number;
}

const participantsSchema = directParticipantSchema.array();

/** Sync bookkeeping of one stream. */
export interface StreamCursor {
  id: string;
  cursor: number;
  headSeq: number;
  historyFloor: number;
}

/**
 * Stores a stream as the server described it. A new stream starts its cursor at `startCursor` (a
 * window below head for long histories); a known one keeps its cursor, and its read marker never
 * moves backwards.
 */
export function upsertStream(db: Db, s: Stream, startCursor: number): void {
  stmt(
    db,
    `INSERT INTO streams (id, kind, team_id, name, role, head_seq, last_read_seq, cursor, history_floor,
       server_unread, server_mentions, participants, archived)
     VALUES (@id, @kind, @teamId, @name, @role, @headSeq, @lastReadSeq, @cursor, @cursor, @unread, @mentions,
       @participants, @archived)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, team_id = excluded.team_id, name = excluded.name,
       role = excluded.role, participants = excluded.participants, archived = excluded.archived, head_seq = MAX(streams.head_seq, excluded.head_seq),
       last_read_seq = MAX(streams.last_read_seq, excluded.last_read_seq),
       server_unread = excluded.server_unread, server_mentions = excluded.server_mentions`,
  ).run({
    ...s,
    cursor: startCursor,
    participants: s.participants === undefined ? null : JSON.stringify(s.participants),
    // every description of the stream says whether it is archived (absent: open), so each one overwrites it
    archived: s.archived === true ? 1 : 0,
  });
  renameStreamInMessages(db, s.id, s.name);
}

/** Every cached stream's id. */
export function listStreamIds(db: Db): string[] {
  return stmt(db, 'SELECT id FROM streams').pluck().all() as string[];
}

/** Sync state of one stream, or null when it is not cached. */
export function getCursor(db: Db, streamId: string): StreamCursor | null {
  const row = stmt(db, 'SELECT id, cursor, head_seq, history_floor FROM streams WHERE id = ?').get(streamId) as
    Pick<StreamRow, 'id' | 'cursor' | 'head_seq' | 'history_floor'> | undefined;
  return row ? { id: row.id, cursor: row.cursor, headSeq: row.head_seq, historyFloor: row.history_floor } : null;
}

/** Moves the cursor forward (never back) and raises the known head. Asserts the stream exists. */
export function advanceCursor(db: Db, streamId: string, seq: number): void {
  const changes = stmt(
    db,
    `UPDATE streams SET cursor = MAX(cursor, @seq), head_seq = MAX(head_seq, @seq) WHERE id = @streamId`,
  ).run({ streamId, seq }).changes;
  if (changes !== 1) throw new Error(`advanceCursor: stream ${streamId} is not cached`);
}

/** Records the server's head seq for a stream. */
export function setHeadSeq(db: Db, streamId: string, headSeq: number): void {
  stmt(db, 'UPDATE streams SET head_seq = MAX(head_seq, ?) WHERE id = ?').run(headSeq, streamId);
}

/** Records that history below `floor` is still to be fetched (0 = complete). */
export function setHistoryFloor(db: Db, streamId: string, floor: number): void {
  stmt(db, 'UPDATE streams SET history_floor = ? WHERE id = ?').run(floor, streamId);
}

/** The local read marker of a stream, or null when it is not cached. */
export function getLastReadSeq(db: Db, streamId: string): number | null {
  return (
    (stmt(db, 'SELECT last_read_seq FROM streams WHERE id = ?').pluck().get(streamId) as number | undefined) ?? null
  );
}

/**
 * Moves the local read marker forward, never past the stream's known head (as the server clamps it):
 * a marker beyond the head would hide every later message as read; returns whether it moved.
 */
export function markRead(db: Db, streamId: string, seq: number): boolean {
  return (
    stmt(
      db,
      `UPDATE streams SET last_read_seq = MIN(@seq, head_seq)
       WHERE id = @streamId AND last_read_seq < MIN(@seq, head_seq)`,
    ).run({ seq, streamId }).changes === 1
  );
}

/** Drops a stream with its messages, FTS rows, promotions, kept pulses and sync state, in one transaction. */
export function purgeStream(db: Db, streamId: string): void {
  db.transaction(() => {
    // the stream row first: deleting its messages then finds no counts to keep (see migration 0002)
    stmt(db, 'DELETE FROM streams WHERE id = ?').run(streamId);
    purgeStreamMessages(db, streamId);
    forgetPurged(db, streamId);
    forgetPulses(db, streamId);
    // promotions carry a snapshot of the stream's message: they go with it
    stmt(
      db,
      'DELETE FROM promotion_scopes WHERE promotion_id IN (SELECT id FROM promotions WHERE source_stream_id = ?)',
    ).run(streamId);
    stmt(db, 'DELETE FROM promotions WHERE source_stream_id = ?').run(streamId);
  })();
}

/** The streams listing: reads the streams table only (a test checks the plan). */
export const LIST_STREAMS_SQL = `SELECT * FROM streams ORDER BY kind = 'org' DESC, name COLLATE NOCASE`;

/**
 * Streams for the UI, org stream first. Unread and mention counts are kept per stream by the cache's
 * triggers (migration 0002) from the cached messages and the local read marker, so they stay right
 * offline, move as soon as a read marker moves locally, and listing costs the same whatever is unread.
 */
export function listStreams(db: Db): Stream[] {
  const rows = stmt(db, LIST_STREAMS_SQL).all() as StreamRow[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    teamId: r.team_id,
    name: r.name,
    headSeq: r.head_seq,
    lastReadSeq: r.last_read_seq,
    unread: r.unread_count,
    mentions: r.mention_count,
    role: r.role,
    ...(r.participants === null ? {} : { participants: participantsSchema.parse(JSON.parse(r.participants)) }),
    ...(r.archived === 1 ? { archived: true } : {}),
  }));
}

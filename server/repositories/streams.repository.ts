import type { SharingPolicy, StreamEvent, StreamKind, TeamRole } from '../../shared/protocol/index';
import type { Sql } from '../db/sql';
import { byteCappedRows, takePage, type Page } from './pages';
import type { TeamRecord } from './teams.repository';

/** A stream as the server stores it. */
export interface StreamRecord {
  id: string;
  orgId: string;
  kind: StreamKind;
  name: string;
  headSeq: number;
}

/** A stream with the team behind it (null for the org stream and direct conversations) and a user's role in that team. */
export interface StreamWithTeam {
  stream: StreamRecord;
  team: TeamRecord | null;
  role: TeamRole | null;
}

/** A user's read cursor in a stream and what is unread after it. */
export interface ReadState {
  lastReadSeq: number;
  /** Messages by others after the cursor, not deleted. */
  unread: number;
  /** Of those, the ones mentioning the user. */
  mentions: number;
}

const COLUMNS = 'id, org_id AS "orgId", kind, name, head_seq AS "headSeq"';

/** Streams, their append-only logs and their readers' cursors. */
export interface StreamsRepository {
  /** Inserts a stream with an empty log. */
  insert(stream: Omit<StreamRecord, 'headSeq'> & { createdAt: number }): Promise<void>;
  /** The stream with this id, or null. */
  get(id: string): Promise<StreamRecord | null>;
  /** The stream, its team and the user's role there in one query (what every access check needs), or null. */
  getWithTeam(streamId: string, userId: string): Promise<StreamWithTeam | null>;
  /** The organization's org-wide stream, or null. */
  getOrgStream(orgId: string): Promise<StreamRecord | null>;
  /**
   * Reserves the stream's next seq; call inside the unit of work that writes the event it numbers. The
   * row stays locked until that unit commits, so concurrent appenders (other nodes too) queue here.
   */
  allocateSeq(streamId: string): Promise<number>;
  /** Sets a stream's head directly: only for importers that write log entries under their own seq. */
  setHead(streamId: string, seq: number): Promise<void>;
  /** Writes one log entry under an already allocated seq. */
  insertEvent(event: StreamEvent): Promise<void>;
  /**
   * One page of log entries after a cursor, oldest first: at most `limit` entries and `maxBytes` of
   * their JSON (never fewer than one while any remain), and whether more follow.
   */
  eventsAfter(streamId: string, afterSeq: number, limit: number, maxBytes: number): Promise<Page<StreamEvent>>;
  /** The user's read cursor with the unread and mention counts after it. */
  readState(userId: string, streamId: string): Promise<ReadState>;
  /** Moves the read cursor forward only; resolves with the cursor after the call. */
  advanceReadMark(userId: string, streamId: string, seq: number): Promise<number>;
}

interface StreamTeamRow extends StreamRecord {
  teamId: string | null;
  teamName: string;
  teamHandle: string;
  teamPolicy: SharingPolicy;
  teamArchivedAt: number | null;
  role: TeamRole | null;
}

/** The streams repository on either engine. */
export class SqlStreamsRepository implements StreamsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(stream: Omit<StreamRecord, 'headSeq'> & { createdAt: number }): Promise<void> {
    await this.sql.run('INSERT INTO streams (id, org_id, kind, name, created_at) VALUES (?, ?, ?, ?, ?)', [
      stream.id,
      stream.orgId,
      stream.kind,
      stream.name,
      stream.createdAt,
    ]);
  }

  async get(id: string): Promise<StreamRecord | null> {
    return (await this.sql.get<StreamRecord>(`SELECT ${COLUMNS} FROM streams WHERE id = ?`, [id])) ?? null;
  }

  async getWithTeam(streamId: string, userId: string): Promise<StreamWithTeam | null> {
    const row = await this.sql.get<StreamTeamRow>(
      `SELECT s.id, s.org_id AS "orgId", s.kind, s.name, s.head_seq AS "headSeq", t.id AS "teamId",
         t.name AS "teamName", t.handle AS "teamHandle", t.policy AS "teamPolicy",
         t.archived_at AS "teamArchivedAt", m.role
       FROM streams s LEFT JOIN teams t ON t.stream_id = s.id
         LEFT JOIN memberships m ON m.team_id = t.id AND m.user_id = ?
       WHERE s.id = ?`,
      [userId, streamId],
    );
    if (!row) return null;
    const stream: StreamRecord = { id: row.id, orgId: row.orgId, kind: row.kind, name: row.name, headSeq: row.headSeq };
    const team: TeamRecord | null =
      row.teamId === null
        ? null
        : {
            id: row.teamId,
            orgId: row.orgId,
            name: row.teamName,
            handle: row.teamHandle,
            policy: row.teamPolicy,
            streamId: row.id,
            archivedAt: row.teamArchivedAt,
          };
    return { stream, team, role: row.role };
  }

  async getOrgStream(orgId: string): Promise<StreamRecord | null> {
    const row = await this.sql.get<StreamRecord>(`SELECT ${COLUMNS} FROM streams WHERE org_id = ? AND kind = 'org'`, [
      orgId,
    ]);
    return row ?? null;
  }

  async allocateSeq(streamId: string): Promise<number> {
    const row = await this.sql.get<{ seq: number }>(
      'UPDATE streams SET head_seq = head_seq + 1 WHERE id = ? RETURNING head_seq AS seq',
      [streamId],
    );
    if (!row) throw new Error(`stream ${streamId} not found`);
    return row.seq;
  }

  async setHead(streamId: string, seq: number): Promise<void> {
    if ((await this.sql.run('UPDATE streams SET head_seq = ? WHERE id = ?', [seq, streamId])) !== 1)
      throw new Error(`stream ${streamId} not found`);
  }

  async insertEvent(event: StreamEvent): Promise<void> {
    await this.sql.run(
      'INSERT INTO stream_events (stream_id, seq, type, at, actor_id, payload) VALUES (?, ?, ?, ?, ?, ?)',
      [event.streamId, event.seq, event.type, event.at, event.actorId, JSON.stringify(event)],
    );
  }

  async eventsAfter(streamId: string, afterSeq: number, limit: number, maxBytes: number): Promise<Page<StreamEvent>> {
    const rows = await this.sql.all<{ payload: string }>(
      byteCappedRows(
        'SELECT seq, payload FROM stream_events WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        'seq',
        'octet_length(payload)',
      ),
      [streamId, afterSeq, limit + 1, maxBytes],
    );
    return takePage(rows, limit, maxBytes, ({ payload }) => ({
      item: JSON.parse(payload) as StreamEvent,
      bytes: Buffer.byteLength(payload),
    }));
  }

  async readState(userId: string, streamId: string): Promise<ReadState> {
    const row = await this.sql.get<ReadState>(
      `SELECT r.seq AS "lastReadSeq",
         (SELECT COUNT(*) FROM messages WHERE stream_id = ? AND seq > r.seq AND author_id <> ? AND deleted_at IS NULL) AS unread,
         (SELECT COUNT(*) FROM message_mentions WHERE user_id = ? AND stream_id = ? AND seq > r.seq) AS mentions
       FROM (SELECT COALESCE((SELECT last_read_seq FROM read_marks WHERE user_id = ? AND stream_id = ?), 0) AS seq) AS r`,
      [streamId, userId, userId, streamId, userId, streamId],
    );
    return row ?? { lastReadSeq: 0, unread: 0, mentions: 0 };
  }

  async advanceReadMark(userId: string, streamId: string, seq: number): Promise<number> {
    const row = await this.sql.get<{ seq: number }>(
      `INSERT INTO read_marks (user_id, stream_id, last_read_seq) VALUES (?, ?, ?)
       ON CONFLICT (user_id, stream_id) DO UPDATE
         SET last_read_seq = ${this.sql.dialect.greatest('read_marks.last_read_seq', 'excluded.last_read_seq')}
       RETURNING last_read_seq AS seq`,
      [userId, streamId, seq],
    );
    if (!row) throw new Error(`read mark of ${userId} in ${streamId} not stored`);
    return row.seq;
  }
}

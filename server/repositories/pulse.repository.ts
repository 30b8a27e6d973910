import type { Sql } from '../db/sql';

/** One week's message counters of a team stream; `week` is the ISO week's number since 1970-01-05. */
export interface PulseCounters {
  week: number;
  posts: number;
  replies: number;
  activeMembers: number;
}

/** A stored rollup row: one closed week's counters, stamped with the removal watermark they saw. */
export interface PulseRollupRow extends PulseCounters {
  removalsSeq: number;
}

/** An org-wide copy of one of the team's posts, still published. */
export interface PromotedCopy {
  streamId: string;
  seq: number;
  createdAt: number;
}

/**
 * Someone whose first join of the team is at or after a time, with their first post in the team's
 * stream since, and when they last left if they are no longer in it.
 */
export interface NewMemberRow {
  userId: string;
  name: string;
  joinedAt: number;
  firstPostAt: number | null;
  leftAt: number | null;
}

/** A team and its stream, for the rollup job. */
export interface PulseTeam {
  id: string;
  streamId: string;
}

/*
 * The ISO week of a time in SQL: whole weeks since Monday 1970-01-05 00:00 UTC. Integer division on
 * both engines (SQLite INTEGER, PostgreSQL BIGINT); times are never before 1970.
 */
const WEEK_OF = (column: string) => `(${column} - 345600000) / 604800000`;

/** The team pulse's reads and its rollup (docs/performance.md § Team pulse). */
export interface PulseRepository {
  /** Message counters per week of a stream between two times (raw, from the messages table), weeks with none absent. */
  countersBetween(streamId: string, from: number, to: number): Promise<PulseCounters[]>;
  /** The seq of the last deletion or purge in a stream's log (0 for none): what makes a rollup row stale. */
  removalsWatermark(streamId: string): Promise<number>;
  /** The stored rollup rows of a team for the weeks in [fromWeek, toWeek). */
  rollupRows(teamId: string, fromWeek: number, toWeek: number): Promise<PulseRollupRow[]>;
  /** Stores (or replaces) one closed week's rollup row. */
  saveRollupRow(teamId: string, row: PulseRollupRow, computedAt: number): Promise<void>;
  /** The team's posts whose org-wide copy is published now, the copy created in [from, to). */
  promotedCopies(teamId: string, from: number, to: number): Promise<PromotedCopy[]>;
  /** How many people's read marker in a stream is at or past `seq`: who has read that entry. */
  readersFrom(streamId: string, seq: number): Promise<number>;
  /** People who first joined the team at or after `from` (left since or not), with their first post since joining. */
  newMembers(teamId: string, streamId: string, from: number): Promise<NewMemberRow[]>;
  /** Every team with its stream, for the rollup job. */
  teams(): Promise<PulseTeam[]>;
}

/** The pulse repository on either engine. */
export class SqlPulseRepository implements PulseRepository {
  constructor(private readonly sql: Sql) {}

  async countersBetween(streamId: string, from: number, to: number): Promise<PulseCounters[]> {
    const rows = await this.sql.all<Record<keyof PulseCounters, number | string>>(
      `SELECT ${WEEK_OF('created_at')} AS "week",
              SUM(CASE WHEN thread_root_id IS NULL THEN 1 ELSE 0 END) AS "posts",
              SUM(CASE WHEN thread_root_id IS NULL THEN 0 ELSE 1 END) AS "replies",
              COUNT(DISTINCT author_id) AS "activeMembers"
         FROM messages
        WHERE stream_id = ? AND created_at >= ? AND created_at < ? AND deleted_at IS NULL
        GROUP BY ${WEEK_OF('created_at')}`,
      [streamId, from, to],
    );
    // PostgreSQL answers SUM and COUNT as text (bigint/numeric)
    return rows.map((r) => ({
      week: Number(r.week),
      posts: Number(r.posts),
      replies: Number(r.replies),
      activeMembers: Number(r.activeMembers),
    }));
  }

  async removalsWatermark(streamId: string): Promise<number> {
    // the partial index stream_events_removals holds only removals: the answer is its last entry of
    // the stream. SQLite without statistics prefers the primary key (every entry of the stream), so
    // it is named there; PostgreSQL picks it by itself.
    const indexed = this.sql.dialect.name === 'sqlite' ? 'INDEXED BY stream_events_removals' : '';
    const row = await this.sql.get<{ seq: number | string | null }>(
      `SELECT MAX(seq) AS "seq" FROM stream_events ${indexed}
        WHERE stream_id = ? AND type IN ('message:deleted', 'messages:purged')`,
      [streamId],
    );
    return Number(row?.seq ?? 0);
  }

  async rollupRows(teamId: string, fromWeek: number, toWeek: number): Promise<PulseRollupRow[]> {
    const rows = await this.sql.all<Record<keyof PulseRollupRow | 'weekStart', number | string>>(
      `SELECT week_start AS "weekStart", posts, replies, active_members AS "activeMembers", removals_seq AS "removalsSeq"
         FROM pulse_weeks WHERE team_id = ? AND week_start >= ? AND week_start < ? ORDER BY week_start`,
      [teamId, weekStartOf(fromWeek), weekStartOf(toWeek)],
    );
    return rows.map((r) => ({
      week: weekOf(Number(r.weekStart)),
      posts: Number(r.posts),
      replies: Number(r.replies),
      activeMembers: Number(r.activeMembers),
      removalsSeq: Number(r.removalsSeq),
    }));
  }

  async saveRollupRow(teamId: string, row: PulseRollupRow, computedAt: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO pulse_weeks (team_id, week_start, posts, replies, active_members, removals_seq, computed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (team_id, week_start) DO UPDATE SET posts = excluded.posts, replies = excluded.replies,
         active_members = excluded.active_members, removals_seq = excluded.removals_seq,
         computed_at = excluded.computed_at`,
      [teamId, weekStartOf(row.week), row.posts, row.replies, row.activeMembers, row.removalsSeq, computedAt],
    );
  }

  async promotedCopies(teamId: string, from: number, to: number): Promise<PromotedCopy[]> {
    const rows = await this.sql.all<Record<keyof PromotedCopy, number | string>>(
      `SELECT c.stream_id AS "streamId", c.seq, c.created_at AS "createdAt"
         FROM promotions p JOIN messages c ON c.id = p.org_message_id
        WHERE p.state = 'published' AND p.source_team_id = ? AND c.deleted_at IS NULL
          AND c.created_at >= ? AND c.created_at < ?`,
      [teamId, from, to],
    );
    return rows.map((r) => ({ streamId: String(r.streamId), seq: Number(r.seq), createdAt: Number(r.createdAt) }));
  }

  async readersFrom(streamId: string, seq: number): Promise<number> {
    const row = await this.sql.get<{ n: number | string }>(
      'SELECT COUNT(*) AS "n" FROM read_marks WHERE stream_id = ? AND last_read_seq >= ?',
      [streamId, seq],
    );
    return Number(row?.n ?? 0);
  }

  async newMembers(teamId: string, streamId: string, from: number): Promise<NewMemberRow[]> {
    // people whose first join of the team (membership_history, migration 0210) is at or after `from`,
    // whether or not they are still in it; their first post since then, and when they left if they did
    const rows = await this.sql.all<{
      userId: string;
      name: string;
      joinedAt: number | string;
      leftAt: unknown;
      firstPostAt: unknown;
    }>(
      `SELECT j.user_id AS "userId", u.name, j.joined_at AS "joinedAt",
              (SELECT MIN(x.created_at) FROM messages x
                WHERE x.author_id = j.user_id AND x.stream_id = ? AND x.created_at >= j.joined_at
                  AND x.deleted_at IS NULL) AS "firstPostAt",
              CASE WHEN m.user_id IS NULL
                   THEN (SELECT MAX(h.at) FROM membership_history h
                          WHERE h.team_id = j.team_id AND h.user_id = j.user_id AND h.change = 'left')
              END AS "leftAt"
         FROM (SELECT team_id, user_id, MIN(at) AS joined_at FROM membership_history
                WHERE team_id = ? AND change = 'joined' GROUP BY team_id, user_id) j
         JOIN users u ON u.id = j.user_id
         LEFT JOIN memberships m ON m.team_id = j.team_id AND m.user_id = j.user_id
        WHERE j.joined_at >= ?
        ORDER BY j.joined_at, j.user_id`,
      [streamId, teamId, from],
    );
    return rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      joinedAt: Number(r.joinedAt),
      firstPostAt: nullableNumber(r.firstPostAt),
      leftAt: nullableNumber(r.leftAt),
    }));
  }

  teams(): Promise<PulseTeam[]> {
    return this.sql.all<PulseTeam>('SELECT id, stream_id AS "streamId" FROM teams ORDER BY id');
  }
}

/** Monday 00:00 UTC of ISO week number `week` (weeks since 1970-01-05). */
export function weekStartOf(week: number): number {
  return week * 604_800_000 + 345_600_000;
}

/** The ISO week number of a week start. */
export function weekOf(weekStart: number): number {
  return Math.floor((weekStart - 345_600_000) / 604_800_000);
}

/** A nullable number column (PostgreSQL answers BIGINT aggregates as text). */
function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

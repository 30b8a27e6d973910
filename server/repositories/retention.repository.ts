import type { RetentionSettings, StreamEvent } from '../../shared/protocol/index';
import type { Sql } from '../db/sql';

/** A stream whose messages expire: its effective period (team override, else the org default). */
export interface RetentionPlan {
  streamId: string;
  orgId: string;
  kind: 'team' | 'org';
  days: number;
}

/** What one purge removed besides the messages asked for. */
export interface PurgeOutcome {
  /** Published copies of the purged messages, which expire with their originals. */
  copies: Array<{ id: string; streamId: string; seq: number }>;
  /** Promotions of the purged messages, removed with them. */
  promotionIds: string[];
  /** Thread roots that stay although some of their replies went, with their new reply counts. */
  threadRoots: Array<{ messageId: string; replyCount: number }>;
}

/** Log entries read per statement while emptying the ones that carried purged messages. */
const LOG_PAGE = 500;

/** A hold on the message's author (teams under hold are left out of the plans altogether). */
const AUTHOR_HELD = (alias: string) =>
  `EXISTS (SELECT 1 FROM legal_holds h WHERE h.user_id = ${alias}.author_id AND h.released_at IS NULL)`;

/** Retention periods, what they make expire, the purge itself, and the lease of the job that runs it. */
export interface RetentionRepository {
  /** An organization's default period and its teams' overrides. */
  getSettings(orgId: string): Promise<RetentionSettings>;
  /** Sets the org default (`teamId` null) or one team's override; `days` null keeps forever. */
  setPeriod(orgId: string, teamId: string | null, days: number | null, at: number): Promise<void>;
  /** Every stream with a period, except streams of teams under a legal hold. */
  plans(): Promise<RetentionPlan[]>;
  /**
   * Up to `limit` messages of a stream created before `cutoff` that may go now, newest first: not by
   * a held author, not a published copy (those go with their originals), no thread root with a reply
   * that stays, and no original whose copy has replies. Newest first keeps every root in the same
   * batch as its replies, which come after it.
   */
  expiredBatch(streamId: string, cutoff: number, limit: number): Promise<Array<{ id: string; seq: number }>>;
  /**
   * Deletes messages for good with their published copies, versions, mentions, reactions, tag and
   * search index rows (by triggers) and promotions, and recounts the replies of roots that stay.
   */
  purge(ids: readonly string[]): Promise<PurgeOutcome>;
  /**
   * Empties the log entries of a stream from `fromSeq` on that carried one of these messages or
   * promotions (`message` and `promotion` null, no reaction), so no catch-up serves them again while
   * every seq stays in place.
   */
  emptyLogEntries(
    streamId: string,
    fromSeq: number,
    messageIds: ReadonlySet<string>,
    promotionIds: ReadonlySet<string>,
  ): Promise<number>;
  /**
   * Takes or renews the named lease for `holder` until `now + ttlMs`, unless another holder's lease
   * is still running; resolves whether `holder` has it.
   */
  acquireLease(name: string, holder: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `holder` has it. */
  releaseLease(name: string, holder: string): Promise<void>;
}

/** The retention repository on either engine. */
export class SqlRetentionRepository implements RetentionRepository {
  constructor(private readonly sql: Sql) {}

  async getSettings(orgId: string): Promise<RetentionSettings> {
    const rows = await this.sql.all<{ teamId: string; days: number | null }>(
      'SELECT team_id AS "teamId", days FROM retention_policies WHERE org_id = ? ORDER BY team_id',
      [orgId],
    );
    return {
      orgDays: rows.find((r) => r.teamId === '')?.days ?? null,
      teams: rows.filter((r) => r.teamId !== '').map((r) => ({ teamId: r.teamId, days: r.days })),
    };
  }

  async setPeriod(orgId: string, teamId: string | null, days: number | null, at: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO retention_policies (org_id, team_id, days, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (org_id, team_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at`,
      [orgId, teamId ?? '', days, at],
    );
  }

  async plans(): Promise<RetentionPlan[]> {
    const rows = await this.sql.all<Omit<RetentionPlan, 'days'> & { days: number | null }>(
      `SELECT s.id AS "streamId", s.org_id AS "orgId", s.kind,
         CASE WHEN tp.org_id IS NOT NULL THEN tp.days ELSE op.days END AS days
       FROM streams s
         LEFT JOIN teams t ON t.stream_id = s.id
         LEFT JOIN retention_policies op ON op.org_id = s.org_id AND op.team_id = ''
         LEFT JOIN retention_policies tp ON tp.org_id = s.org_id AND tp.team_id = t.id
       WHERE (op.org_id IS NOT NULL OR tp.org_id IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.team_id = t.id AND h.released_at IS NULL)
       ORDER BY s.id`,
    );
    return rows.flatMap((r) => (r.days === null ? [] : [{ ...r, days: r.days }]));
  }

  expiredBatch(streamId: string, cutoff: number, limit: number): Promise<Array<{ id: string; seq: number }>> {
    return this.sql.all<{ id: string; seq: number }>(
      `SELECT m.id, m.seq FROM messages m
       WHERE m.stream_id = ? AND m.created_at < ? AND NOT ${AUTHOR_HELD('m')}
         AND NOT EXISTS (SELECT 1 FROM promotions p WHERE p.org_message_id = m.id)
         AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.thread_root_id = m.id AND (r.created_at >= ? OR ${AUTHOR_HELD('r')}))
         AND NOT EXISTS (SELECT 1 FROM promotions p JOIN messages r ON r.thread_root_id = p.org_message_id
                         WHERE p.message_id = m.id)
       ORDER BY m.seq DESC LIMIT ?`,
      [streamId, cutoff, cutoff, limit],
    );
  }

  async purge(ids: readonly string[]): Promise<PurgeOutcome> {
    const { dialect } = this.sql;
    if (ids.length === 0) return { copies: [], promotionIds: [], threadRoots: [] };
    const originals = dialect.listParam(ids);
    const copies = await this.sql.all<{ id: string; streamId: string; seq: number }>(
      `SELECT c.id, c.stream_id AS "streamId", c.seq FROM promotions p JOIN messages c ON c.id = p.org_message_id
       WHERE ${dialect.inList('p.message_id')}`,
      [originals],
    );
    const promotions = await this.sql.all<{ id: string }>(
      `SELECT id FROM promotions WHERE ${dialect.inList('message_id')}`,
      [originals],
    );
    const all = [...new Set([...ids, ...copies.map((c) => c.id)])];
    const gone = dialect.listParam(all);
    const roots = await this.sql.all<{ id: string }>(
      `SELECT DISTINCT thread_root_id AS id FROM messages WHERE ${dialect.inList('id')} AND thread_root_id IS NOT NULL`,
      [gone],
    );
    const staying = roots.map((r) => r.id).filter((id) => !all.includes(id));
    await this.sql.run(`DELETE FROM promotions WHERE ${dialect.inList('message_id')}`, [originals]);
    for (const table of ['message_edits', 'message_mentions', 'reactions', 'message_added_tags'])
      await this.sql.run(`DELETE FROM ${table} WHERE ${dialect.inList('message_id')}`, [gone]);
    const deleted = await this.sql.run(`DELETE FROM messages WHERE ${dialect.inList('id')}`, [gone]);
    if (deleted !== all.length) throw new Error(`purge removed ${deleted} of ${all.length} messages`);
    let threadRoots: PurgeOutcome['threadRoots'] = [];
    if (staying.length > 0) {
      const list = dialect.listParam(staying);
      await this.sql.run(
        `UPDATE messages SET reply_count = (SELECT COUNT(*) FROM messages r WHERE r.thread_root_id = messages.id)
         WHERE ${dialect.inList('id')}`,
        [list],
      );
      threadRoots = await this.sql.all<{ messageId: string; replyCount: number }>(
        `SELECT id AS "messageId", reply_count AS "replyCount" FROM messages WHERE ${dialect.inList('id')} ORDER BY id`,
        [list],
      );
    }
    return { copies, promotionIds: promotions.map((p) => p.id), threadRoots };
  }

  async emptyLogEntries(
    streamId: string,
    fromSeq: number,
    messageIds: ReadonlySet<string>,
    promotionIds: ReadonlySet<string>,
  ): Promise<number> {
    const carries = (e: StreamEvent): boolean =>
      (e.message !== null && messageIds.has(e.message.id)) ||
      (e.promotion !== null &&
        (promotionIds.has(e.promotion.id) ||
          messageIds.has(e.promotion.messageId) ||
          (e.promotion.orgMessageId !== null && messageIds.has(e.promotion.orgMessageId)))) ||
      (e.reaction !== undefined && messageIds.has(e.reaction.messageId));
    let emptied = 0;
    for (let after = fromSeq - 1; ;) {
      const rows = await this.sql.all<{ seq: number; payload: string }>(
        'SELECT seq, payload FROM stream_events WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        [streamId, after, LOG_PAGE],
      );
      for (const row of rows) {
        const event = JSON.parse(row.payload) as StreamEvent;
        if (event.type === 'messages:purged' || !carries(event)) continue;
        const { reaction: _reaction, ...rest } = event;
        const empty: StreamEvent = { ...rest, message: null, promotion: null };
        await this.sql.run('UPDATE stream_events SET payload = ? WHERE stream_id = ? AND seq = ?', [
          JSON.stringify(empty),
          streamId,
          row.seq,
        ]);
        emptied += 1;
      }
      if (rows.length < LOG_PAGE) return emptied;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async acquireLease(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const row = await this.sql.get<{ holder: string }>(
      `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE job_leases.expires_at <= ? OR job_leases.holder = excluded.holder
       RETURNING holder`,
      [name, holder, now + ttlMs, now],
    );
    return row?.holder === holder;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.sql.run('DELETE FROM job_leases WHERE name = ? AND holder = ?', [name, holder]);
  }
}

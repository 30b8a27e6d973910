import { ACTIVE_PROMOTION_STATES, type Promotion, type PromotionState } from '../../shared/protocol/index';
import type { Sql, SqlValue } from '../db/sql';

/** The clientId prefix of org-wide copies (`promotion:<promotionId>`), reserved for the server. */
export const PUBLISHED_COPY_CLIENT_ID = 'promotion:';

/** States in which a message counts as being on its way up, or already up (defined in shared/). */
export const ACTIVE_STATES: readonly PromotionState[] = ACTIVE_PROMOTION_STATES;

interface PromotionRow extends Omit<Promotion, 'unpublishRequested'> {
  unpublishRequested: number;
}

/** A state change of a promotion (fields not given keep their value). */
export interface PromotionChange {
  state: PromotionState;
  at: number;
  declinedBy?: 'author' | 'curator';
  deciderId?: string;
  decisionNote?: string | null;
  orgMessageId?: string;
}

const COLUMNS = `id, message_id AS "messageId", source_stream_id AS "sourceStreamId", source_team_id AS "sourceTeamId",
  target_stream_id AS "targetStreamId", author_id AS "authorId", proposer_id AS "proposerId", note,
  snapshot_body AS "snapshotBody", state, declined_by AS "declinedBy", decider_id AS "deciderId",
  decision_note AS "decisionNote", org_message_id AS "orgMessageId", unpublish_requested AS "unpublishRequested",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** SQL condition: the user (the next parameter) is still a member of the promotion's source team. */
const IN_SOURCE_TEAM = `EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = promotions.source_team_id AND m.user_id = ?)`;

const toPromotion = ({ unpublishRequested, ...row }: PromotionRow): Promotion => ({
  ...row,
  unpublishRequested: unpublishRequested === 1,
});

/** Promotions of messages from a team stream to the org stream. */
export interface PromotionsRepository {
  /** Inserts a promotion. */
  insert(promotion: Promotion & { clientId: string }): Promise<void>;
  /** The promotion with this id, or null. */
  get(id: string): Promise<Promotion | null>;
  /** The promotion a proposer already made with this client id, or null. */
  getByClientId(proposerId: string, clientId: string): Promise<Promotion | null>;
  /** The message's promotion that is pending or published, or null. */
  getActive(messageId: string): Promise<Promotion | null>;
  /**
   * Moves a promotion from one state to another only if it is still in `from`; resolves false when
   * someone else moved it first. This conditional UPDATE is what makes concurrent decisions safe.
   */
  transition(id: string, from: PromotionState, change: PromotionChange): Promise<boolean>;
  /** Links a published promotion to its org-wide copy (after the copy row exists). */
  setOrgMessage(id: string, orgMessageId: string): Promise<void>;
  /** Flags a published promotion as asked to be taken down by its author; false when it is not published. */
  markUnpublishRequested(id: string, at: number): Promise<boolean>;
  /**
   * Promotions the user proposed or authored in teams they still belong to, newest first: after leaving
   * a team its promotions (and their team-internal decision notes) are no longer theirs to see.
   */
  listMine(userId: string): Promise<Promotion[]>;
  /** Promotions awaiting this author's consent in teams they still belong to, oldest first. */
  listAwaitingConsent(authorId: string): Promise<Promotion[]>;
  /** A team's pending promotions (awaiting consent or approval) the user authored or proposed, oldest first. */
  listPendingInvolving(teamId: string, userId: string): Promise<Promotion[]>;
  /** Promotions awaiting approval from any of these teams, oldest first. */
  listAwaitingApproval(teamIds: readonly string[]): Promise<Promotion[]>;
  /**
   * Empties the snapshot of a message's promotions that are not published (the original was deleted)
   * in their rows and in the log entries that carried them.
   */
  redactUnpublishedSnapshots(messageId: string, streamId: string): Promise<void>;
}

/** The promotions repository on either engine. */
export class SqlPromotionsRepository implements PromotionsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(p: Promotion & { clientId: string }): Promise<void> {
    await this.sql.run(
      `INSERT INTO promotions (id, message_id, source_stream_id, source_team_id, target_stream_id, author_id, proposer_id,
         client_id, note, snapshot_body, state, declined_by, decider_id, decision_note, org_message_id, unpublish_requested,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        p.id,
        p.messageId,
        p.sourceStreamId,
        p.sourceTeamId,
        p.targetStreamId,
        p.authorId,
        p.proposerId,
        p.clientId,
        p.note,
        p.snapshotBody,
        p.state,
        p.declinedBy,
        p.deciderId,
        p.decisionNote,
        p.orgMessageId,
        p.unpublishRequested ? 1 : 0,
        p.createdAt,
        p.updatedAt,
      ],
    );
  }

  get(id: string): Promise<Promotion | null> {
    return this.one(`SELECT ${COLUMNS} FROM promotions WHERE id = ?`, [id]);
  }

  getByClientId(proposerId: string, clientId: string): Promise<Promotion | null> {
    return this.one(`SELECT ${COLUMNS} FROM promotions WHERE proposer_id = ? AND client_id = ?`, [
      proposerId,
      clientId,
    ]);
  }

  getActive(messageId: string): Promise<Promotion | null> {
    return this.one(
      `SELECT ${COLUMNS} FROM promotions WHERE message_id = ? AND state IN ('awaiting_consent', 'awaiting_approval', 'published')`,
      [messageId],
    );
  }

  async transition(id: string, from: PromotionState, change: PromotionChange): Promise<boolean> {
    const changed = await this.sql.run(
      `UPDATE promotions SET state = ?, updated_at = ?, declined_by = COALESCE(?, declined_by),
         decider_id = COALESCE(?, decider_id), decision_note = COALESCE(?, decision_note),
         org_message_id = COALESCE(?, org_message_id)
       WHERE id = ? AND state = ?`,
      [
        change.state,
        change.at,
        change.declinedBy ?? null,
        change.deciderId ?? null,
        change.decisionNote ?? null,
        change.orgMessageId ?? null,
        id,
        from,
      ],
    );
    return changed === 1;
  }

  async setOrgMessage(id: string, orgMessageId: string): Promise<void> {
    if ((await this.sql.run('UPDATE promotions SET org_message_id = ? WHERE id = ?', [orgMessageId, id])) !== 1)
      throw new Error(`promotion ${id} not found`);
  }

  async markUnpublishRequested(id: string, at: number): Promise<boolean> {
    const changed = await this.sql.run(
      `UPDATE promotions SET unpublish_requested = 1, updated_at = ? WHERE id = ? AND state = 'published'`,
      [at, id],
    );
    return changed === 1;
  }

  listMine(userId: string): Promise<Promotion[]> {
    return this.many(
      `SELECT ${COLUMNS} FROM promotions WHERE (proposer_id = ? OR author_id = ?) AND ${IN_SOURCE_TEAM}
         ORDER BY created_at DESC, id DESC`,
      [userId, userId, userId],
    );
  }

  listAwaitingConsent(authorId: string): Promise<Promotion[]> {
    return this.many(
      `SELECT ${COLUMNS} FROM promotions WHERE author_id = ? AND state = 'awaiting_consent' AND ${IN_SOURCE_TEAM}
         ORDER BY created_at, id`,
      [authorId, authorId],
    );
  }

  listPendingInvolving(teamId: string, userId: string): Promise<Promotion[]> {
    return this.many(
      `SELECT ${COLUMNS} FROM promotions WHERE source_team_id = ?
         AND state IN ('awaiting_consent', 'awaiting_approval') AND (author_id = ? OR proposer_id = ?)
         ORDER BY created_at, id`,
      [teamId, userId, userId],
    );
  }

  async listAwaitingApproval(teamIds: readonly string[]): Promise<Promotion[]> {
    if (teamIds.length === 0) return [];
    const { dialect } = this.sql;
    return this.many(
      `SELECT ${COLUMNS} FROM promotions WHERE state = 'awaiting_approval' AND ${dialect.inList('source_team_id')}
         ORDER BY created_at, id`,
      [dialect.listParam(teamIds)],
    );
  }

  async redactUnpublishedSnapshots(messageId: string, streamId: string): Promise<void> {
    await this.sql.run(`UPDATE promotions SET snapshot_body = '' WHERE message_id = ? AND state <> 'published'`, [
      messageId,
    ]);
    await this.sql.run(this.sql.dialect.redactSnapshotEvents, [streamId, `%${messageId}%`, messageId, messageId]);
  }

  private async one(text: string, params: SqlValue[]): Promise<Promotion | null> {
    const row = await this.sql.get<PromotionRow>(text, params);
    return row ? toPromotion(row) : null;
  }

  private async many(text: string, params: SqlValue[]): Promise<Promotion[]> {
    return (await this.sql.all<PromotionRow>(text, params)).map(toPromotion);
  }
}

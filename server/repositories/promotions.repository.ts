import { ACTIVE_PROMOTION_STATES, type Promotion, type PromotionState } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { stmt } from './statements';

/** The clientId prefix of org-wide copies (`promotion:<promotionId>`), reserved for the server. */
export const PUBLISHED_COPY_CLIENT_ID = 'promotion:';

/** States in which a message counts as being on its way up, or already up (defined in shared/). */
export const ACTIVE_STATES: readonly PromotionState[] = ACTIVE_PROMOTION_STATES;

interface PromotionRow extends Omit<Promotion, 'unpublishRequested'> {
  unpublishRequested: number;
}

const COLUMNS = `id, message_id AS messageId, source_stream_id AS sourceStreamId, source_team_id AS sourceTeamId,
  target_stream_id AS targetStreamId, author_id AS authorId, proposer_id AS proposerId, note,
  snapshot_body AS snapshotBody, state, declined_by AS declinedBy, decider_id AS deciderId,
  decision_note AS decisionNote, org_message_id AS orgMessageId, unpublish_requested AS unpublishRequested,
  created_at AS createdAt, updated_at AS updatedAt`;

function toPromotion(row: PromotionRow): Promotion {
  return { ...row, unpublishRequested: row.unpublishRequested === 1 };
}

/** Inserts a promotion. */
export function insertPromotion(db: Db, p: Promotion & { clientId: string }): void {
  stmt(
    db,
    `INSERT INTO promotions (id, message_id, source_stream_id, source_team_id, target_stream_id, author_id, proposer_id,
       client_id, note, snapshot_body, state, declined_by, decider_id, decision_note, org_message_id, unpublish_requested,
       created_at, updated_at)
     VALUES (@id, @messageId, @sourceStreamId, @sourceTeamId, @targetStreamId, @authorId, @proposerId, @clientId, @note,
       @snapshotBody, @state, @declinedBy, @deciderId, @decisionNote, @orgMessageId, @unpublish, @createdAt, @updatedAt)`,
  ).run({ ...p, unpublish: p.unpublishRequested ? 1 : 0 });
}

/** The promotion with this id, or null. */
export function getPromotion(db: Db, id: string): Promotion | null {
  const row = stmt(db, `SELECT ${COLUMNS} FROM promotions WHERE id = ?`).get(id) as PromotionRow | undefined;
  return row ? toPromotion(row) : null;
}

/** The promotion a proposer already made with this client id, or null. */
export function getPromotionByClientId(db: Db, proposerId: string, clientId: string): Promotion | null {
  const row = stmt(db, `SELECT ${COLUMNS} FROM promotions WHERE proposer_id = ? AND client_id = ?`).get(
    proposerId,
    clientId,
  ) as PromotionRow | undefined;
  return row ? toPromotion(row) : null;
}

/** The message's promotion that is pending or published, or null. */
export function getActivePromotion(db: Db, messageId: string): Promotion | null {
  const row = stmt(
    db,
    `SELECT ${COLUMNS} FROM promotions WHERE message_id = ? AND state IN ('awaiting_consent', 'awaiting_approval', 'published')`,
  ).get(messageId) as PromotionRow | undefined;
  return row ? toPromotion(row) : null;
}

/**
 * Moves a promotion from one state to another only if it is still in `from`; returns false when
 * someone else moved it first. This conditional UPDATE is what makes concurrent decisions safe.
 */
export function transition(
  db: Db,
  id: string,
  from: PromotionState,
  change: {
    state: PromotionState;
    at: number;
    declinedBy?: 'author' | 'curator';
    deciderId?: string;
    decisionNote?: string | null;
    orgMessageId?: string;
  },
): boolean {
  const result = stmt(
    db,
    `UPDATE promotions SET state = @state, updated_at = @at,
         declined_by = COALESCE(@declinedBy, declined_by), decider_id = COALESCE(@deciderId, decider_id),
         decision_note = COALESCE(@decisionNote, decision_note), org_message_id = COALESCE(@orgMessageId, org_message_id)
       WHERE id = @id AND state = @from`,
  ).run({
    id,
    from,
    state: change.state,
    at: change.at,
    declinedBy: change.declinedBy ?? null,
    deciderId: change.deciderId ?? null,
    decisionNote: change.decisionNote ?? null,
    orgMessageId: change.orgMessageId ?? null,
  });
  return result.changes === 1;
}

/** Links a published promotion to its org-wide copy (after the copy row exists). */
export function setOrgMessage(db: Db, id: string, orgMessageId: string): void {
  const result = stmt(db, 'UPDATE promotions SET org_message_id = ? WHERE id = ?').run(orgMessageId, id);
  if (result.changes !== 1) throw new Error(`promotion ${id} not found`);
}

/** Flags a published promotion as asked to be taken down by its author. */
export function markUnpublishRequested(db: Db, id: string, at: number): boolean {
  return (
    stmt(db, `UPDATE promotions SET unpublish_requested = 1, updated_at = ? WHERE id = ? AND state = 'published'`).run(
      at,
      id,
    ).changes === 1
  );
}

/** SQL condition: the user (named parameter `@userId`) is still a member of the promotion's source team. */
const IN_SOURCE_TEAM = `EXISTS (SELECT 1 FROM memberships m
  WHERE m.team_id = promotions.source_team_id AND m.user_id = @userId)`;

/**
 * Promotions the user proposed or authored in teams they still belong to, newest first: after leaving
 * a team its promotions (and their team-internal decision notes) are no longer theirs to see.
 */
export function listMine(db: Db, userId: string): Promotion[] {
  return (
    stmt(
      db,
      `SELECT ${COLUMNS} FROM promotions WHERE (proposer_id = @userId OR author_id = @userId) AND ${IN_SOURCE_TEAM}
         ORDER BY created_at DESC, id DESC`,
    ).all({ userId }) as PromotionRow[]
  ).map(toPromotion);
}

/** Promotions awaiting this author's consent in teams they still belong to, oldest first. */
export function listAwaitingConsent(db: Db, authorId: string): Promotion[] {
  return (
    stmt(
      db,
      `SELECT ${COLUMNS} FROM promotions WHERE author_id = @userId AND state = 'awaiting_consent' AND ${IN_SOURCE_TEAM}
         ORDER BY created_at, id`,
    ).all({ userId: authorId }) as PromotionRow[]
  ).map(toPromotion);
}

/** A team's pending promotions (awaiting consent or approval) the user authored or proposed, oldest first. */
export function listPendingInvolving(db: Db, teamId: string, userId: string): Promotion[] {
  return (
    stmt(
      db,
      `SELECT ${COLUMNS} FROM promotions WHERE source_team_id = @teamId
         AND state IN ('awaiting_consent', 'awaiting_approval') AND (author_id = @userId OR proposer_id = @userId)
         ORDER BY created_at, id`,
    ).all({ teamId, userId }) as PromotionRow[]
  ).map(toPromotion);
}

/** Promotions awaiting approval from any of these teams, oldest first. */
export function listAwaitingApproval(db: Db, teamIds: string[]): Promotion[] {
  if (teamIds.length === 0) return [];
  return (
    stmt(
      db,
      `SELECT ${COLUMNS} FROM promotions WHERE state = 'awaiting_approval'
         AND source_team_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id`,
    ).all(JSON.stringify(teamIds)) as PromotionRow[]
  ).map(toPromotion);
}

/**
 * Empties the snapshot of a message's promotions that are not published (the original was deleted)
 * in their rows and in the log entries that carried them.
 */
export function redactUnpublishedSnapshots(db: Db, messageId: string, streamId: string): void {
  stmt(db, `UPDATE promotions SET snapshot_body = '' WHERE message_id = ? AND state <> 'published'`).run(messageId);
  stmt(
    db,
    `UPDATE stream_events SET payload = json_set(payload, '$.promotion.snapshotBody', '')
     WHERE stream_id = ? AND type = 'promotion:changed' AND json_extract(payload, '$.promotion.messageId') = ?
       AND json_extract(payload, '$.promotion.id') IN
         (SELECT id FROM promotions WHERE message_id = ? AND state <> 'published')`,
  ).run(streamId, messageId, messageId);
}

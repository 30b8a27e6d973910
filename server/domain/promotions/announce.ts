import type { Promotion } from '../../../shared/protocol/index';
import type { Db } from '../../db/database';
import { insertAudit } from '../../repositories/audit.repository';
import { getMessage } from '../../repositories/messages.repository';
import { getPromotion } from '../../repositories/promotions.repository';
import { listTeamMemberIds } from '../../repositories/teams.repository';
import type { UserRecord } from '../../repositories/users.repository';
import { excerpt, type Effects } from '../effects';
import { appendEvent } from '../streamLog';
import { ProtocolError } from '../../../shared/protocol/index';

/** What one step of the state machine runs with: socket handlers and the admin service alike. */
export interface StepContext {
  db: Db;
  /** Who takes the step (for a member leaving a team: that member). */
  user: UserRecord;
  effects: Effects;
  now: number;
}

/**
 * After a change: log `promotion:changed` in the source stream (with the original message), audit it,
 * push `promotion:updated` to everyone involved and a `notification` to whoever must act next. Only
 * current members of the source team hear about it: someone who left the team is no longer involved.
 */
export function announce(
  ctx: StepContext,
  id: string,
  action: string,
  notify: string[],
  text: string,
  auditDetail: Record<string, unknown> = {},
): Promotion {
  const promotion = getPromotion(ctx.db, id);
  if (!promotion) throw new ProtocolError('INTERNAL', 'promotion vanished');
  appendEvent(ctx.db, ctx.effects, {
    streamId: promotion.sourceStreamId,
    type: 'promotion:changed',
    actorId: ctx.user.id,
    at: ctx.now,
    message: getMessage(ctx.db, promotion.messageId),
    promotion,
  });
  insertAudit(ctx.db, {
    at: ctx.now,
    orgId: ctx.user.orgId,
    actorId: ctx.user.id,
    action,
    target: promotion.id,
    detail: {
      messageId: promotion.messageId,
      state: promotion.state,
      teamId: promotion.sourceTeamId,
      ...auditDetail,
    },
  });
  const members = new Set(listTeamMemberIds(ctx.db, promotion.sourceTeamId));
  const curators = listTeamMemberIds(ctx.db, promotion.sourceTeamId, 'curator');
  ctx.effects.promotionUpdates.push({
    userIds: [...new Set([promotion.authorId, promotion.proposerId, ...curators])].filter((u) => members.has(u)),
    promotion,
  });
  for (const userId of new Set(notify)) {
    if (userId === ctx.user.id || !members.has(userId)) continue;
    ctx.effects.notifications.push({
      userId,
      notification: {
        kind: 'promotion',
        streamId: promotion.sourceStreamId,
        messageId: promotion.messageId,
        promotionId: promotion.id,
        actorId: ctx.user.id,
        actorName: ctx.user.name,
        text: `${text}: ${excerpt(promotion.snapshotBody, 100)}`,
        at: ctx.now,
      },
    });
  }
  return promotion;
}

import type { Promotion } from '../../../shared/protocol/index';
import type { Tx } from '../../db/store';
import type { UserRecord } from '../../repositories/users.repository';
import { excerpt, type Effects } from '../effects';
import { appendEvent } from '../streamLog';
import { ProtocolError } from '../../../shared/protocol/index';

/** What one step of the state machine runs with: socket handlers and the admin service alike. */
export interface StepContext {
  /** The unit of work the step runs in. */
  tx: Tx;
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
export async function announce(
  ctx: StepContext,
  id: string,
  action: string,
  notify: string[],
  text: string,
  auditDetail: Record<string, unknown> = {},
): Promise<Promotion> {
  const { tx } = ctx;
  const promotion = await tx.promotions.get(id);
  if (!promotion) throw new ProtocolError('INTERNAL', 'promotion vanished');
  await appendEvent(tx, ctx.effects, {
    streamId: promotion.sourceStreamId,
    type: 'promotion:changed',
    actorId: ctx.user.id,
    at: ctx.now,
    message: await tx.messages.get(promotion.messageId),
    promotion,
  });
  await tx.audit.insert({
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
  const members = new Set(await tx.teams.memberIds(promotion.sourceTeamId));
  const curators = await tx.teams.memberIds(promotion.sourceTeamId, 'curator');
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

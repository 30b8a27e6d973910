/*
 * What a user may do, derived from the same rules the steps enforce, for clients to show: the steps
 * on each listed promotion, and per message whether it may be proposed or its org copy unpublished.
 * Clients ask instead of keeping a copy of the rules.
 */
import { ProtocolError, type MessageSharing, type Promotion, type PromotionView } from '../../../shared/protocol/index';
import type { Tx } from '../../db/store';
import type { UserRecord } from '../../repositories/users.repository';
import { accessMessage } from '../access';
import { actorFor, checkProposable } from './machine';
import { allowedActions } from './rules';

/** Promotions with the steps this user may take on each now. */
export async function promotionViews(tx: Tx, user: UserRecord, promotions: Promotion[]): Promise<PromotionView[]> {
  const views: PromotionView[] = [];
  for (const p of promotions)
    views.push({ ...p, actions: allowedActions(p, await actorFor(tx, user, p.sourceTeamId)) });
  return views;
}

/** Runs a check that refuses by throwing; a protocol refusal means "no", anything else is a bug. */
async function passes(check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    if (error instanceof ProtocolError) return false;
    throw error;
  }
}

/**
 * Per message: would `promotion:propose` be accepted now, and may this user unpublish it (an org-wide
 * copy whose promotion is published)? Messages the user cannot read are left out, exactly as if they
 * did not exist.
 */
export async function messageSharing(
  tx: Tx,
  user: UserRecord,
  messageIds: readonly string[],
): Promise<MessageSharing[]> {
  const answers: MessageSharing[] = [];
  for (const messageId of new Set(messageIds)) {
    let access: Awaited<ReturnType<typeof accessMessage>>;
    try {
      access = await accessMessage(tx, user, messageId);
    } catch (error) {
      if (error instanceof ProtocolError) continue;
      throw error;
    }
    const { message, stream, team } = access;
    const propose = await passes(() => checkProposable(tx, user, message, stream, team));
    const promotion = message.provenance ? await tx.promotions.get(message.provenance.promotionId) : null;
    const unpublish =
      promotion !== null &&
      allowedActions(promotion, await actorFor(tx, user, promotion.sourceTeamId)).includes('unpublish');
    answers.push({ messageId, propose, unpublish });
  }
  return answers;
}

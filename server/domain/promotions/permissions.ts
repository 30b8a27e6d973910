/*
 * What a user may do, derived from the same rules the steps enforce, for clients to show: the steps
 * on each listed promotion, and per message whether it may be proposed or its org copy unpublished.
 * Clients ask instead of keeping a copy of the rules.
 */
import { ProtocolError, type MessageSharing, type Promotion, type PromotionView } from '../../../shared/protocol/index';
import type { Db } from '../../db/database';
import { getPromotion } from '../../repositories/promotions.repository';
import type { UserRecord } from '../../repositories/users.repository';
import { accessMessage } from '../access';
import { actorFor, checkProposable } from './machine';
import { allowedActions } from './rules';

/** Promotions with the steps this user may take on each now. */
export function promotionViews(db: Db, user: UserRecord, promotions: Promotion[]): PromotionView[] {
  return promotions.map((p) => ({ ...p, actions: allowedActions(p, actorFor(db, user, p.sourceTeamId)) }));
}

/** Runs a check that refuses by throwing; a protocol refusal means "no", anything else is a bug. */
function passes(check: () => void): boolean {
  try {
    check();
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
export function messageSharing(db: Db, user: UserRecord, messageIds: readonly string[]): MessageSharing[] {
  const answers: MessageSharing[] = [];
  for (const messageId of new Set(messageIds)) {
    let access: ReturnType<typeof accessMessage>;
    try {
      access = accessMessage(db, user, messageId);
    } catch (error) {
      if (error instanceof ProtocolError) continue;
      throw error;
    }
    const { message, stream, team } = access;
    const propose = passes(() => checkProposable(db, user, message, stream, team));
    const promotion = message.provenance ? getPromotion(db, message.provenance.promotionId) : null;
    const unpublish =
      promotion !== null && allowedActions(promotion, actorFor(db, user, promotion.sourceTeamId)).includes('unpublish');
    answers.push({ messageId, propose, unpublish });
  }
  return answers;
}

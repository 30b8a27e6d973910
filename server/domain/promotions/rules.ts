/*
 * The promotion state machine's rules, in one place: which step may be taken from which state and by
 * whom, and when a message may be proposed at all. The steps (server/domain/promotions/machine.ts)
 * enforce them; `promotion:list` and `promotion:permissions` tell clients what they allow, so no
 * client keeps a copy of them.
 */
import {
  ProtocolError,
  type OrgRole,
  type Promotion,
  type PromotionAction,
  type PromotionState,
  type TeamRole,
} from '../../../shared/protocol/index';

/** Who takes a step, as the rules see them: their org role and their role in the promotion's source team. */
export interface PromotionActor {
  userId: string;
  orgRole: OrgRole;
  /** Role in the source team; null when not (or no longer) a member. */
  teamRole: TeamRole | null;
}

/** States of a promotion still on its way up. */
export const PENDING_STATES: readonly PromotionState[] = ['awaiting_consent', 'awaiting_approval'];

const curatesOrAdmin = (actor: PromotionActor): boolean => actor.orgRole === 'admin' || actor.teamRole === 'curator';

interface Rule {
  /** The states the step leaves from. */
  from: readonly PromotionState[];
  /** Why this actor may not take the step (FORBIDDEN), or null. */
  refuse(promotion: Promotion, actor: PromotionActor): string | null;
}

const RULES: Record<PromotionAction, Rule> = {
  consent: {
    from: ['awaiting_consent'],
    refuse: (p, a) =>
      p.authorId !== a.userId
        ? 'only the author may consent'
        : // leaving the team withdraws pending promotions; this guards anything that slipped through
          a.teamRole === null
          ? 'only a member of the team may consent'
          : null,
  },
  decide: {
    from: ['awaiting_approval'],
    refuse: (_p, a) => (curatesOrAdmin(a) ? null : 'only curators of the team or org admins decide'),
  },
  withdraw: {
    from: PENDING_STATES,
    refuse: (p, a) =>
      a.userId === p.authorId || a.userId === p.proposerId ? null : 'only the author or the proposer may withdraw',
  },
  requestUnpublish: {
    from: ['published'],
    refuse: (p, a) => (p.authorId === a.userId ? null : 'only the author may ask to unpublish'),
  },
  unpublish: {
    from: ['published'],
    refuse: (_p, a) => (curatesOrAdmin(a) ? null : 'only curators of the team or org admins unpublish'),
  },
};

/** Throws FORBIDDEN for the wrong person, then CONFLICT for the wrong state: the order clients rely on. */
export function requireAction(promotion: Promotion, actor: PromotionActor, action: PromotionAction): void {
  const rule = RULES[action];
  const refusal = rule.refuse(promotion, actor);
  if (refusal) throw new ProtocolError('FORBIDDEN', refusal);
  if (!rule.from.includes(promotion.state))
    throw new ProtocolError('CONFLICT', `promotion is ${promotion.state}, expected ${rule.from.join(' or ')}`);
}

/**
 * The steps this actor may take with the promotion now. Asking to unpublish twice is allowed (a
 * no-op) but not offered.
 */
export function allowedActions(promotion: Promotion, actor: PromotionActor): PromotionAction[] {
  return (Object.keys(RULES) as PromotionAction[]).filter((action) => {
    const rule = RULES[action];
    if (!rule.from.includes(promotion.state) || rule.refuse(promotion, actor) !== null) return false;
    return !(action === 'requestUnpublish' && promotion.unpublishRequested);
  });
}

/** What decides whether a message may be proposed, besides the org's URL policy. */
export interface ProposalFacts {
  streamKind: 'team' | 'org';
  isReply: boolean;
  deleted: boolean;
  /** The proposer is the message's author. */
  byAuthor: boolean;
  /** The author is still a member of the team (an author who left could never consent). */
  authorIsMember: boolean;
  /** The message has a promotion that is pending or published. */
  hasActivePromotion: boolean;
}

/** Why the message cannot be proposed now (CONFLICT), or null when it can. */
export function proposalConflict(facts: ProposalFacts): string | null {
  if (facts.streamKind !== 'team') return 'only team stream messages can be promoted';
  if (facts.isReply) return 'only top-level messages can be promoted';
  if (facts.deleted) return 'the message was deleted';
  if (!facts.byAuthor && !facts.authorIsMember) return 'the author is no longer a member of the team';
  if (facts.hasActivePromotion) return 'this message is already proposed or published';
  return null;
}

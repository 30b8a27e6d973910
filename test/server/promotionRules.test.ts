// The promotion state machine's rules (server/domain/promotions/rules.ts): what clients are told a
// user may do (`promotion:list` actions, `promotion:permissions`) is exactly what the steps enforce.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import {
  ProtocolError,
  promotionActionSchema,
  promotionStateSchema,
  type Promotion,
} from '../../shared/protocol/index';
import { allowedActions, requireAction, type PromotionActor } from '../../server/domain/promotions/rules';

describe('promotion rules', () => {
  it('offer exactly the steps that requireAction lets through, for every state, actor and step', () => {
    const author = uuidv7();
    const proposer = uuidv7();
    const base = { id: uuidv7(), authorId: author, proposerId: proposer } as Promotion;
    const actors: PromotionActor[] = [];
    for (const userId of [author, proposer, uuidv7()])
      for (const orgRole of ['member', 'admin', 'compliance'] as const)
        for (const teamRole of ['member', 'curator', null] as const) actors.push({ userId, orgRole, teamRole });
    let offered = 0;
    for (const state of promotionStateSchema.options)
      for (const unpublishRequested of [false, true])
        for (const actor of actors) {
          const promotion = { ...base, state, unpublishRequested };
          const allowed = allowedActions(promotion, actor);
          for (const action of promotionActionSchema.options) {
            let passes = true;
            try {
              requireAction(promotion, actor, action);
            } catch (error) {
              expect(error).toBeInstanceOf(ProtocolError);
              passes = false;
            }
            // asking to unpublish again is accepted (a no-op) but not offered
            const repeat = action === 'requestUnpublish' && unpublishRequested;
            expect(allowed.includes(action)).toBe(passes && !repeat);
            if (allowed.includes(action)) offered += 1;
          }
        }
    expect(offered).toBeGreaterThan(50);
  });
});

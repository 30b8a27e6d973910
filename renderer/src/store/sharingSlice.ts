import { call, errorText } from '../api/client';
import type { PromotionState } from '../../../shared/protocol';
import type { PromotionScope, SharingSlice, SliceCreator, Store } from './types';

export const sharingInitial = {
  promotions: { mine: [], queue: [], consent: [] },
  promotionsError: null,
} satisfies Partial<SharingSlice>;

const SCOPES: PromotionScope[] = ['mine', 'queue', 'consent'];

/** States in which a proposal is still open: the message must not be proposed again. */
export const OPEN_PROMOTION_STATES: ReadonlySet<PromotionState> = new Set(['awaiting_consent', 'awaiting_approval']);

/** Whether the user has an open proposal for this message (from promotions:list 'mine'). */
export const selectHasOpenProposal =
  (messageId: string) =>
  (s: Store): boolean =>
    s.promotions.mine.some((p) => p.messageId === messageId && OPEN_PROMOTION_STATES.has(p.state));

export const createSharingSlice: SliceCreator<SharingSlice> = (set, get) => {
  /** Runs one decision and re-reads every list, since one change moves an item between tabs. */
  async function act(work: () => Promise<unknown>, done: string): Promise<boolean> {
    try {
      await work();
      get().toast(done);
      await Promise.all(SCOPES.map((s) => get().loadPromotions(s)));
      return true;
    } catch (err) {
      get().toast(errorText(err), 'error');
      return false;
    }
  }
  return {
    ...sharingInitial,
    loadPromotions: async (scope) => {
      try {
        const { promotions } = await call('promotions:list', { scope });
        set({ promotions: { ...get().promotions, [scope]: promotions }, promotionsError: null });
      } catch (err) {
        set({ promotionsError: errorText(err) });
      }
    },
    propose: (messageId, note) =>
      act(
        () => call('promotions:propose', note.trim() ? { messageId, note: note.trim() } : { messageId }),
        'Proposed for the organization',
      ),
    consent: async (promotionId, accept) => {
      await act(() => call('promotions:consent', { promotionId, accept }), accept ? 'Consent given' : 'Declined');
    },
    decide: async (promotionId, approve, note) => {
      await act(
        () =>
          call(
            'promotions:decide',
            note.trim() ? { promotionId, approve, note: note.trim() } : { promotionId, approve },
          ),
        approve ? 'Approved and published' : 'Declined',
      );
    },
    withdraw: async (promotionId) => {
      await act(() => call('promotions:withdraw', { promotionId }), 'Proposal withdrawn');
    },
    requestUnpublish: async (promotionId) => {
      await act(() => call('promotions:requestUnpublish', { promotionId }), 'Unpublish requested');
    },
    unpublish: async (promotionId) => {
      await act(() => call('promotions:unpublish', { promotionId }), 'Unpublished from the organization');
    },
  };
};

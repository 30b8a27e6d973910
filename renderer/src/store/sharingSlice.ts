import { call, errorText } from '../api/client';
import { isPendingPromotion, promotionScopes } from '../../../shared/protocol';
import type { SharingSlice, SliceCreator, Store } from './types';

export const sharingInitial = {
  promotions: { mine: [], queue: [], consent: [] },
  promotionsError: null,
} satisfies Partial<SharingSlice>;

/** Whether the user has an open proposal for this message (from promotion:list 'mine'). */
export const selectHasOpenProposal =
  (messageId: string) =>
  (s: Store): boolean =>
    s.promotions.mine.some((p) => p.messageId === messageId && isPendingPromotion(p.state));

export const createSharingSlice: SliceCreator<SharingSlice> = (set, get) => {
  /** Runs one decision and re-reads every list, since one change moves an item between tabs. */
  async function act(work: () => Promise<unknown>, done: string): Promise<boolean> {
    try {
      await work();
      get().toast(done);
      await Promise.all(promotionScopes.map((s) => get().loadPromotions(s)));
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
        const { promotions } = await call('promotion:list', { scope });
        set({ promotions: { ...get().promotions, [scope]: promotions }, promotionsError: null });
      } catch (err) {
        set({ promotionsError: errorText(err) });
      }
    },
    propose: (messageId, note) =>
      act(
        () => call('promotion:propose', note.trim() ? { messageId, note: note.trim() } : { messageId }),
        'Proposed for the organization',
      ),
    consent: async (promotionId, accept) => {
      await act(() => call('promotion:consent', { promotionId, accept }), accept ? 'Consent given' : 'Declined');
    },
    decide: async (promotionId, approve, note) => {
      await act(
        () =>
          call(
            'promotion:decide',
            note.trim() ? { promotionId, approve, note: note.trim() } : { promotionId, approve },
          ),
        approve ? 'Approved and published' : 'Declined',
      );
    },
    withdraw: async (promotionId) => {
      await act(() => call('promotion:withdraw', { promotionId }), 'Proposal withdrawn');
    },
    requestUnpublish: async (promotionId) => {
      await act(() => call('promotion:requestUnpublish', { promotionId }), 'Unpublish requested');
    },
    unpublish: async (promotionId) => {
      await act(() => call('promotion:unpublish', { promotionId }), 'Unpublished from the organization');
    },
  };
};

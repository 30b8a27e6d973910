import { defineMessages, type MessageDescriptor } from 'react-intl';
import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import { uiError, uiMessage } from '../i18n/text';
import type { MessageView } from '../../../shared/ipc';
import { promotionScopes } from '../../../shared/protocol';
import { MAX_PERMISSION_IDS } from '../../../shared/protocol/limits';
import type { PromotionScope, PromotionView } from '../../../shared/protocol';
import type { SharingSlice, SliceCreator, Store } from './types';

/** The steps that make an item "wait for me" in each list; `mine` never waits for me. */
const WORK: Record<PromotionScope, PromotionView['actions'][number] | null> = {
  consent: 'consent',
  queue: 'decide',
  mine: null,
};

/** How many items of each list wait for a step of mine (the Sharing button's count, the panel's first tab). */
export function sharingWork(promotions: Record<PromotionScope, PromotionView[]>): Record<PromotionScope, number> {
  const count = (scope: PromotionScope) => {
    const step = WORK[scope];
    return step === null ? 0 : promotions[scope].filter((p) => p.actions.includes(step)).length;
  };
  return { consent: count('consent'), queue: count('queue'), mine: 0 };
}

/** A promotion still on its way (neither published nor ended). */
export function isPending(p: { state: PromotionView['state'] }): boolean {
  return p.state === 'awaiting_consent' || p.state === 'awaiting_approval';
}

export const sharingInitial = {
  promotions: { mine: [], queue: [], consent: [] },
  promotionsError: null,
  sharing: {},
} satisfies Partial<SharingSlice>;

const done = defineMessages({
  proposed: { id: 'toast.sharing.proposed', defaultMessage: 'Proposed for the organization' },
  consented: { id: 'toast.sharing.consented', defaultMessage: 'Consent given' },
  declined: { id: 'toast.sharing.declined', defaultMessage: 'Declined' },
  approved: { id: 'toast.sharing.approved', defaultMessage: 'Approved and published' },
  withdrawn: { id: 'toast.sharing.withdrawn', defaultMessage: 'Proposal withdrawn' },
  unpublishRequested: { id: 'toast.sharing.unpublishRequested', defaultMessage: 'Unpublish requested' },
  unpublished: { id: 'toast.sharing.unpublished', defaultMessage: 'Unpublished from the organization' },
});

/** Messages shown at about the same time are asked about in one request. */
const BATCH_MS = 50;

/** Messages that could offer a sharing action: delivered, not deleted (the rest show no actions at all). */
export function sharingCandidates(messages: readonly MessageView[]): string[] {
  return messages.filter((m) => m.status === 'sent' && m.deletedAt === null).map((m) => m.id);
}

/** The messages on screen: the open stream's list and an open thread's root. */
function onScreen(s: Store): string[] {
  const selected = s.selectedStreamId ? (s.messages[s.selectedStreamId]?.items ?? []) : [];
  const root = s.thread?.root;
  return sharingCandidates(root ? [...selected, root] : selected);
}

export const createSharingSlice: SliceCreator<SharingSlice> = (set, get) => {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** One request for what is pending (the newest MAX_PERMISSION_IDS); offline the last answers stay. */
  async function flush(): Promise<void> {
    timer = null;
    const ids = [...pending].slice(-MAX_PERMISSION_IDS);
    pending.clear();
    if (ids.length === 0) return;
    try {
      const { permissions } = await call('promotion:permissions', { messageIds: ids });
      if (permissions.length === 0) return;
      set({ sharing: { ...get().sharing, ...Object.fromEntries(permissions.map((p) => [p.messageId, p])) } });
    } catch {
      // Offline or refused: the actions stay as the server last described them.
    }
  }

  function schedule(ids: readonly string[]): void {
    for (const id of ids) pending.add(id);
    if (pending.size > 0 && timer === null) timer = setTimeout(() => void flush(), BATCH_MS);
  }

  /** Runs one decision and re-reads every list, since one change moves an item between tabs. */
  async function act(work: () => Promise<unknown>, success: MessageDescriptor): Promise<boolean> {
    try {
      await work();
      get().toast(uiMessage(success));
      get().refreshSharing();
      await Promise.all(promotionScopes.map((s) => get().loadPromotions(s)));
      return true;
    } catch (err) {
      get().toast(uiError(err), 'error');
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
        set({ promotionsError: toApiError(err) });
      }
    },
    requestSharing: (messageIds) => {
      const known = get().sharing;
      schedule(messageIds.filter((id) => known[id] === undefined));
    },
    refreshSharing: () => schedule(onScreen(get())),
    loadAllPromotions: async () => {
      await Promise.all(promotionScopes.map((s) => get().loadPromotions(s)));
    },
    propose: (messageId, note) =>
      act(
        () => call('promotion:propose', note.trim() ? { messageId, note: note.trim() } : { messageId }),
        done.proposed,
      ),
    consent: async (promotionId, accept) => {
      await act(() => call('promotion:consent', { promotionId, accept }), accept ? done.consented : done.declined);
    },
    decide: async (promotionId, approve, note) => {
      await act(
        () =>
          call(
            'promotion:decide',
            note.trim() ? { promotionId, approve, note: note.trim() } : { promotionId, approve },
          ),
        approve ? done.approved : done.declined,
      );
    },
    withdraw: async (promotionId) => {
      await act(() => call('promotion:withdraw', { promotionId }), done.withdrawn);
    },
    requestUnpublish: async (promotionId) => {
      await act(() => call('promotion:requestUnpublish', { promotionId }), done.unpublishRequested);
    },
    unpublish: async (promotionId) => {
      await act(() => call('promotion:unpublish', { promotionId }), done.unpublished);
    },
  };
};

import { call, errorText } from '../api/client';
import type { SessionSlice, SliceCreator } from './types';

export const sessionInitial = { session: null, loginBusy: false, loginError: null } satisfies Partial<SessionSlice>;

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => ({
  ...sessionInitial,
  loadSession: async () => {
    try {
      const session = await call('session:get', {});
      set({ session, loginError: null });
      if (session.signedIn)
        void Promise.all([get().loadStreams(), get().loadDirectory(), get().loadPromotions('mine')]);
    } catch (err) {
      set({ loginError: errorText(err) });
    }
  },
  login: async (form) => {
    set({ loginBusy: true, loginError: null });
    try {
      const session = await call('session:login', form);
      set({ session, loginBusy: false });
      // Own proposals are known up front so no message offers sharing twice.
      await Promise.all([get().loadStreams(), get().loadDirectory(), get().loadPromotions('mine')]);
      return true;
    } catch (err) {
      set({ loginBusy: false, loginError: errorText(err) });
      return false;
    }
  },
  logout: async () => {
    try {
      const session = await call('session:logout', {});
      // Drop everything this account showed; the next account starts clean.
      set({
        session,
        streams: [],
        selectedStreamId: null,
        messages: {},
        dividerSeq: {},
        thread: null,
        panel: 'none',
        drafts: {},
        editingId: null,
        users: [],
        teams: [],
        searchQuery: '',
        searchHits: [],
        promotions: { mine: [], queue: [], consent: [] },
        jumpTarget: null,
        highlightId: null,
        shareMessage: null,
        switcherOpen: false,
      });
    } catch (err) {
      get().toast(errorText(err), 'error');
    }
  },
});

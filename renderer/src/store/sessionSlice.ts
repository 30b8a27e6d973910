import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import { uiError } from '../i18n/text';
import type { SessionSlice, SliceCreator } from './types';

export const sessionInitial = {
  session: null,
  loginBusy: false,
  loginError: null,
  serverInfo: null,
} satisfies Partial<SessionSlice>;

/** The URL of the latest `server:info` request: the login form may have changed since. */
let serverAsked = '';

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => ({
  ...sessionInitial,
  loadSession: async () => {
    try {
      const session = await call('session:get', {});
      set({ session, loginError: null });
      if (session.signedIn)
        void Promise.all([get().loadStreams(), get().loadDirectory(), get().loadPromotions('mine')]);
    } catch (err) {
      set({ loginError: toApiError(err) });
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
      set({ loginBusy: false, loginError: toApiError(err) });
      return false;
    }
  },
  checkServer: async (serverUrl) => {
    serverAsked = serverUrl;
    let demo = false;
    try {
      ({ demo } = await call('server:info', { serverUrl }));
    } catch {
      // Unreachable or refused: no demo hints; signing in will say what is wrong.
    }
    if (serverAsked === serverUrl) set({ serverInfo: { serverUrl, demo } });
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
      get().toast(uiError(err), 'error');
    }
  },
});

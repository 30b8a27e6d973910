import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import { uiError } from '../i18n/text';
import { accountViewInitial } from './accountsSlice';
import type { SessionSlice, SliceCreator, Store } from './types';

/**
 * Everything the shown account's window reads at start: streams, directory, every sharing list (own
 * proposals are known up front so no message offers sharing twice; what waits for me is counted),
 * the account list and the settings.
 */
function loadAccountView(s: Store): Promise<unknown> {
  return Promise.all([s.loadStreams(), s.loadDirectory(), s.loadAllPromotions(), s.loadAccounts(), s.loadSettings()]);
}

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
      if (session.signedIn) void loadAccountView(get());
    } catch (err) {
      set({ loginError: toApiError(err) });
    }
  },
  login: async (form) => {
    set({ loginBusy: true, loginError: null });
    try {
      const before = get().session?.accountId ?? null;
      const session = await call('session:login', form);
      // another account added beside the shown one: the window turns to it
      if (before !== null && before !== session.accountId) set(accountViewInitial);
      set({ session, loginBusy: false, addingAccount: false });
      await loadAccountView(get());
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
  logout: async (options = {}) => {
    try {
      const session = await call('session:logout', { removeLocalData: options.removeLocalData ?? false });
      // Drop everything this account showed; the next account (if another is open) starts clean.
      set({ ...accountViewInitial, session, accounts: [] });
      if (session.signedIn) await get().loadSession();
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
});

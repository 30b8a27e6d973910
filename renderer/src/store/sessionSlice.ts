import { call, errorText } from '../api/client';
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

export const sessionInitial = { session: null, loginBusy: false, loginError: null } satisfies Partial<SessionSlice>;

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => ({
  ...sessionInitial,
  loadSession: async () => {
    try {
      const session = await call('session:get', {});
      set({ session, loginError: null });
      if (session.signedIn) void loadAccountView(get());
    } catch (err) {
      set({ loginError: errorText(err) });
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
      set({ loginBusy: false, loginError: errorText(err) });
      return false;
    }
  },
  logout: async (options = {}) => {
    try {
      const session = await call('session:logout', { removeLocalData: options.removeLocalData ?? false });
      // Drop everything this account showed; the next account (if another is open) starts clean.
      set({ ...accountViewInitial, session, accounts: [] });
      if (session.signedIn) await get().loadSession();
    } catch (err) {
      get().toast(errorText(err), 'error');
    }
  },
});

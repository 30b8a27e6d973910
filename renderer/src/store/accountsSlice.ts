import { call } from '../api/client';
import { uiError } from '../i18n/text';
import type { AccountsSlice, SliceCreator, Store } from './types';

export const accountsInitial = { accounts: [], addingAccount: false } satisfies Partial<AccountsSlice>;

/** What one account showed: dropped when the window turns to another account (switch, sign-out). */
export const accountViewInitial = {
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
  sharing: {},
  jumpTarget: null,
  highlightId: null,
  shareMessage: null,
  switcherOpen: false,
  cacheInfo: null,
} satisfies Partial<Store>;

export const createAccountsSlice: SliceCreator<AccountsSlice> = (set, get) => ({
  ...accountsInitial,
  loadAccounts: async () => {
    try {
      const { accounts } = await call('account:list', {});
      set({ accounts });
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
  switchAccount: async (accountId) => {
    if (get().session?.accountId === accountId) return;
    try {
      const session = await call('account:switch', { accountId });
      set({ ...accountViewInitial, session, addingAccount: false });
      await get().loadSession();
      void get().loadAccounts();
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
  setAddingAccount: (addingAccount) => set({ addingAccount, loginError: null }),
  retryNow: async () => {
    try {
      await call('sync:retryNow', {});
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
});

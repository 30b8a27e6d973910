import type { SliceCreator, SyncSlice } from './types';

export const syncInitial = {
  sync: { accountId: null, state: 'signedOut', done: 0, total: 0, pendingCount: 0, lastError: null },
} satisfies Partial<SyncSlice>;

export const createSyncSlice: SliceCreator<SyncSlice> = (set) => ({
  ...syncInitial,
  setSync: (sync) => set({ sync }),
});

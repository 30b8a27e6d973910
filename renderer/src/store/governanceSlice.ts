import { call } from '../api/client';
import { uiError } from '../i18n/text';
import type { GovernanceSlice, SliceCreator } from './types';

export const governanceInitial = {
  speechPolicy: null,
  editHistory: null,
  retentionDays: {},
} satisfies Partial<GovernanceSlice>;

export const createGovernanceSlice: SliceCreator<GovernanceSlice> = (set, get) => ({
  ...governanceInitial,
  loadSpeechPolicy: async () => {
    try {
      const { policy } = await call('speechPolicy:get', {});
      set({ speechPolicy: policy });
    } catch {
      // Signed out or no cache yet: the composer explains nothing, and the server still decides.
    }
  },
  openEditHistory: async (messageId) => {
    set({ editHistory: { messageId, versions: null, error: null } });
    try {
      const { versions } = await call('message:history', { messageId });
      if (get().editHistory?.messageId === messageId) set({ editHistory: { messageId, versions, error: null } });
    } catch (err) {
      if (get().editHistory?.messageId === messageId)
        set({ editHistory: { messageId, versions: null, error: uiError(err) } });
    }
  },
  closeEditHistory: () => set({ editHistory: null }),
  loadRetentionPeriod: async (streamId) => {
    try {
      const { days } = await call('retention:period', { streamId });
      set({ retentionDays: { ...get().retentionDays, [streamId]: days } });
    } catch {
      // Offline or no longer a reader: the header simply does not mention retention.
    }
  },
});

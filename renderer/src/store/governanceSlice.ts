import { call } from '../api/client';
import type { GovernanceSlice, SliceCreator } from './types';

export const governanceInitial = { speechPolicy: null } satisfies Partial<GovernanceSlice>;

export const createGovernanceSlice: SliceCreator<GovernanceSlice> = (set) => ({
  ...governanceInitial,
  loadSpeechPolicy: async () => {
    try {
      const { policy } = await call('speechPolicy:get', {});
      set({ speechPolicy: policy });
    } catch {
      // Signed out or no cache yet: the composer explains nothing, and the server still decides.
    }
  },
});

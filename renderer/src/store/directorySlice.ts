import { call } from '../api/client';
import type { DirectorySlice, SliceCreator } from './types';

export const directoryInitial = { users: [], teams: [] } satisfies Partial<DirectorySlice>;

export const createDirectorySlice: SliceCreator<DirectorySlice> = (set) => ({
  ...directoryInitial,
  loadDirectory: async () => {
    try {
      const { users, teams } = await call('directory:list', {});
      set({ users, teams });
    } catch {
      // Autocomplete simply has no suggestions until the directory syncs.
    }
  },
});

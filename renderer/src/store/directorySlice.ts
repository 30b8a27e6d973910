import { call } from '../api/client';
import type { DirectorySlice, SliceCreator } from './types';

export const directoryInitial = { users: [], teams: [] } satisfies Partial<DirectorySlice>;

export const createDirectorySlice: SliceCreator<DirectorySlice> = (set) => ({
  ...directoryInitial,
  loadDirectory: async () => {
    try {
      const { users, teams } = await call('directory:list', {});
      // a new array on every read: name lookups are cached per directory array (personNames.ts)
      set({ users: [...users], teams });
    } catch {
      // Autocomplete simply has no suggestions until the directory syncs.
    }
  },
});

import type { ComposerSlice, SliceCreator } from './types';

export const composerInitial = { drafts: {}, editingId: null } satisfies Partial<ComposerSlice>;

export const createComposerSlice: SliceCreator<ComposerSlice> = (set, get) => ({
  ...composerInitial,
  setDraft: (key, text) => {
    const drafts = { ...get().drafts };
    if (text) drafts[key] = text;
    else delete drafts[key];
    set({ drafts });
  },
  setEditing: (editingId) => set({ editingId }),
});

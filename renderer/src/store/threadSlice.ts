import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import { sharingCandidates } from './sharingSlice';
import type { SliceCreator, ThreadSlice } from './types';

export const threadInitial = { thread: null } satisfies Partial<ThreadSlice>;

export const createThreadSlice: SliceCreator<ThreadSlice> = (set, get) => ({
  ...threadInitial,
  openThread: async (rootId) => {
    const current = get().thread;
    if (!current || current.rootId !== rootId)
      set({ thread: { rootId, root: null, replies: [], loading: true, error: null } });
    await get().reloadThread();
  },
  reloadThread: async () => {
    const thread = get().thread;
    if (!thread) return;
    const { rootId } = thread;
    try {
      const { root, replies } = await call('thread:get', { rootId });
      if (get().thread?.rootId !== rootId) return;
      set({ thread: { rootId, root, replies, loading: false, error: null } });
      if (root) get().requestSharing(sharingCandidates([root]));
    } catch (err) {
      const now = get().thread;
      if (now?.rootId === rootId) set({ thread: { ...now, loading: false, error: toApiError(err) } });
    }
  },
  closeThread: () => set({ thread: null }),
});

import type { Message } from '../../../shared/protocol';
import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import { uiError } from '../i18n/text';
import { showMessage } from './searchSlice';
import type { SliceCreator, TagsSlice } from './types';

/** Messages one tag-view page asks for. */
const TAG_PAGE = 50;
/** Tags the per-stream list shows. */
const TOP_TAGS = 20;

export const tagsInitial = {
  tagView: null,
  topTags: null,
} satisfies Partial<TagsSlice>;

export const createTagsSlice: SliceCreator<TagsSlice> = (set, get) => ({
  ...tagsInitial,
  openTag: async (tag) => {
    set({
      panel: 'tags',
      tagView: { tag, count: 0, messages: [], hasMore: false, source: 'server', busy: true, error: null },
    });
    try {
      const res = await call('tag:messages', { tag, limit: TAG_PAGE });
      // the user may have opened another tag meanwhile
      if (get().tagView?.tag !== tag) return;
      set({ tagView: { ...res, busy: false, error: null } });
    } catch (err) {
      if (get().tagView?.tag === tag) set({ tagView: { ...get().tagView!, busy: false, error: toApiError(err) } });
    }
  },
  loadMoreTagged: async () => {
    const view = get().tagView;
    const last = view?.messages[view.messages.length - 1];
    if (!view || !last || view.busy || !view.hasMore) return;
    set({ tagView: { ...view, busy: true } });
    try {
      const res = await call('tag:messages', { tag: view.tag, beforeId: last.id, limit: TAG_PAGE });
      const now = get().tagView;
      if (now?.tag !== view.tag) return;
      set({ tagView: { ...res, messages: [...now.messages, ...res.messages], busy: false, error: null } });
    } catch (err) {
      if (get().tagView?.tag === view.tag) set({ tagView: { ...get().tagView!, busy: false, error: toApiError(err) } });
    }
  },
  closeTag: () => set({ tagView: null }),
  loadTopTags: async (streamId) => {
    try {
      const { tags, source } = await call('tag:top', { streamId, limit: TOP_TAGS });
      set({ topTags: { streamId, tags, source } });
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
  openTagged: (message: Message) => showMessage(get, message),
  tagMessage: async (messageId, tag, remove = false) => {
    try {
      await call('message:tag', remove ? { messageId, tag, remove } : { messageId, tag });
      return true;
    } catch (err) {
      get().toast(uiError(err), 'error');
      return false;
    }
  },
});

import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import type { Message } from '../../../shared/protocol';
import type { SearchSlice, SliceCreator, Store } from './types';

export const searchInitial = {
  searchQuery: '',
  searchStreamId: null,
  searchHits: [],
  searchBusy: false,
  searchError: null,
} satisfies Partial<SearchSlice>;

export const createSearchSlice: SliceCreator<SearchSlice> = (set, get) => ({
  ...searchInitial,
  setSearchQuery: (searchQuery) => set({ searchQuery }),
  setSearchStream: (searchStreamId) => set({ searchStreamId }),
  runSearch: async () => {
    const query = get().searchQuery.trim();
    if (!query) {
      set({ searchHits: [], searchError: null });
      get().clearServerSearch();
      return;
    }
    const streamId = get().searchStreamId;
    set({ searchBusy: true, searchError: null });
    try {
      const { hits } = await call('search:query', streamId ? { query, streamId, limit: 50 } : { query, limit: 50 });
      // A slower, older query must not overwrite the answer to a newer one.
      if (get().searchQuery.trim() !== query) return;
      set({ searchHits: hits, searchBusy: false });
    } catch (err) {
      set({ searchBusy: false, searchError: toApiError(err) });
      return;
    }
    // the local hits are on screen; the server's full history adds what this computer has not seen
    await get().runServerSearch(query, streamId);
  },
  openHit: (hit) => showMessage(get, hit.message),
});

/**
 * Shows a message found in a side panel (search, a tag view): a top-level one scrolls its stream to
 * it and the panel stays open for the next; a reply (or a message the history cannot reach) opens in
 * the thread panel, which takes the side panel's place (the panel's state stays for when it reopens).
 */
export async function showMessage(get: () => Store, m: Message): Promise<void> {
  if (m.threadRootId === null && (await get().jumpToMessage(m))) return;
  if (get().selectedStreamId !== m.streamId) get().selectStream(m.streamId);
  get().setPanel('none');
  await get().openThread(m.threadRootId ?? m.id);
}

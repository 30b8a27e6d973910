/*
 * The server's part of a search: local hits show at once (searchSlice); the server's page follows
 * and adds only messages the local search did not find, so nothing appears twice. Offline it is
 * not asked, and the panel says so quietly.
 */
import type { SearchHit } from '../../../shared/ipc';
import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import type { ServerSearchSlice, SliceCreator } from './types';

/** Hits the server sends per page. */
const SERVER_PAGE = 20;

export const serverSearchInitial = {
  serverHits: [],
  serverSearchState: 'idle',
  serverCursor: null,
  serverSearchError: null,
} satisfies Partial<ServerSearchSlice>;

/** The hits whose messages are not among `shown` (and not twice among themselves). */
function newHits(hits: SearchHit[], shown: Iterable<SearchHit>): SearchHit[] {
  const seen = new Set<string>();
  for (const hit of shown) seen.add(hit.message.id);
  return hits.filter((hit) => !seen.has(hit.message.id) && (seen.add(hit.message.id), true));
}

export const createServerSearchSlice: SliceCreator<ServerSearchSlice> = (set, get) => {
  /** Whether the answer still belongs to what the search panel asks now. */
  const current = (query: string, streamId: string | null) =>
    get().searchQuery.trim() === query && get().searchStreamId === streamId;

  /** One page from the server for this search, after `cursor`, merged behind what is shown. */
  const page = async (query: string, streamId: string | null, cursor: string | null) => {
    set({ serverSearchState: 'loading', serverSearchError: null });
    try {
      const res = await call('search:server', {
        query,
        limit: SERVER_PAGE,
        ...(streamId ? { streamId } : {}),
        ...(cursor ? { cursor } : {}),
      });
      if (!current(query, streamId)) return;
      if (!res.online) {
        set({ serverSearchState: 'offline', serverCursor: null });
        return;
      }
      const shown = [...get().searchHits, ...get().serverHits];
      set({
        serverHits: [...get().serverHits, ...newHits(res.hits, shown)],
        serverCursor: res.nextCursor,
        serverSearchState: 'done',
      });
    } catch (err) {
      if (current(query, streamId)) set({ serverSearchState: 'error', serverSearchError: toApiError(err) });
    }
  };

  return {
    ...serverSearchInitial,
    runServerSearch: async (query, streamId) => {
      set({ serverHits: [], serverCursor: null });
      await page(query, streamId, null);
    },
    loadMoreServerHits: async () => {
      const { serverCursor, searchStreamId } = get();
      if (serverCursor === null || get().serverSearchState === 'loading') return;
      await page(get().searchQuery.trim(), searchStreamId, serverCursor);
    },
    clearServerSearch: () => set(serverSearchInitial),
  };
};

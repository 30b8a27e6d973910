import type { MessageView } from '../../../shared/ipc';
import { call, errorText } from '../api/client';
import type { MessagesSlice, SliceCreator, Store, StreamMessages } from './types';

export const messagesInitial = { messages: {}, dividerSeq: {} } satisfies Partial<MessagesSlice>;

/** Messages read per page from the cache; large enough to fill a tall window, small enough to be instant. */
export const PAGE_SIZE = 100;
/** After a failed server fetch, wait before trying again so scrolling does not hammer an offline core. */
const OLDER_RETRY_MS = 5000;

const emptyStream: StreamMessages = {
  items: [],
  hasMore: false,
  serverHasMore: true,
  loading: false,
  loadingOlder: false,
  error: null,
};

const olderFailedAt = new Map<string, number>();
const markingSeq = new Map<string, number>();

/** The seq of the oldest message the server has acknowledged; pending sends have no place in history yet. */
function oldestSentSeq(items: MessageView[]): number | undefined {
  for (const m of items) if (m.status === 'sent') return m.seq;
  return undefined;
}

/**
 * Folds a fresh latest page into what is shown: older pages the user scrolled through stay, and the
 * span the page covers is replaced wholesale so edits, deletions and sent/pending changes show.
 */
export function mergeLatest(current: MessageView[], page: MessageView[], pageHasMore: boolean): MessageView[] {
  const pageOldest = oldestSentSeq(page);
  if (!pageHasMore || pageOldest === undefined) return page;
  const older = current.filter((m) => m.status === 'sent' && m.seq < pageOldest);
  return [...older, ...page];
}

function patch(
  get: () => Store,
  set: (s: Partial<Store>) => void,
  streamId: string,
  next: Partial<StreamMessages>,
): void {
  const prev = get().messages[streamId] ?? emptyStream;
  set({ messages: { ...get().messages, [streamId]: { ...prev, ...next } } });
}

function streamOf(get: () => Store, messageId: string): string | undefined {
  for (const [streamId, s] of Object.entries(get().messages))
    if (s.items.some((m) => m.id === messageId)) return streamId;
  const t = get().thread;
  if (t) {
    const m = t.root?.id === messageId ? t.root : t.replies.find((r) => r.id === messageId);
    if (m) return m.streamId;
  }
  return undefined;
}

export const createMessagesSlice: SliceCreator<MessagesSlice> = (set, get) => {
  /** Re-reads what shows a message after a change: its stream's latest page and an open thread. */
  async function refreshAround(streamId: string | undefined): Promise<void> {
    const work: Promise<void>[] = [];
    if (streamId) work.push(get().loadLatest(streamId));
    if (get().thread) work.push(get().reloadThread());
    await Promise.all(work);
  }

  return {
    ...messagesInitial,
    loadLatest: async (streamId) => {
      const prev = get().messages[streamId];
      const shown = prev?.items.length ?? 0;
      if (!prev) patch(get, set, streamId, { loading: true });
      try {
        const limit = Math.min(500, Math.max(PAGE_SIZE, shown));
        const { messages, hasMore } = await call('messages:list', { streamId, limit });
        const current = get().messages[streamId]?.items ?? [];
        const items = mergeLatest(current, messages, hasMore);
        const keptOlder = items.length > messages.length;
        patch(get, set, streamId, {
          items,
          hasMore: keptOlder ? (get().messages[streamId]?.hasMore ?? hasMore) : hasMore,
          loading: false,
          error: null,
        });
      } catch (err) {
        patch(get, set, streamId, { loading: false, error: errorText(err) });
      }
    },
    loadOlder: async (streamId) => {
      const state = get().messages[streamId];
      if (!state || state.loading || state.loadingOlder) return;
      if (!state.hasMore && !state.serverHasMore) return;
      const failedAt = olderFailedAt.get(streamId);
      if (!state.hasMore && failedAt !== undefined && Date.now() - failedAt < OLDER_RETRY_MS) return;
      patch(get, set, streamId, { loadingOlder: true });
      try {
        let hasMore = state.hasMore;
        let serverHasMore = state.serverHasMore;
        if (!hasMore) {
          // The cache ran out: ask the server for older history, then read it from the cache.
          const fetched = await call('messages:fetchOlder', { streamId });
          serverHasMore = fetched.hasMore;
          hasMore = fetched.fetched > 0;
        }
        let items = get().messages[streamId]?.items ?? [];
        if (hasMore) {
          const beforeSeq = oldestSentSeq(items);
          const page = await call(
            'messages:list',
            beforeSeq === undefined ? { streamId, limit: PAGE_SIZE } : { streamId, beforeSeq, limit: PAGE_SIZE },
          );
          const known = new Set(items.map((m) => m.id));
          items = [...page.messages.filter((m) => !known.has(m.id)), ...items];
          hasMore = page.hasMore;
        }
        patch(get, set, streamId, { items, hasMore, serverHasMore, loadingOlder: false });
      } catch (err) {
        olderFailedAt.set(streamId, Date.now());
        patch(get, set, streamId, { loadingOlder: false, error: errorText(err) });
      }
    },
    send: async (streamId, body, threadRootId) => {
      try {
        await call('messages:send', threadRootId ? { streamId, body, threadRootId } : { streamId, body });
        await refreshAround(streamId);
        return true;
      } catch (err) {
        get().toast(errorText(err), 'error');
        return false;
      }
    },
    editMessage: async (messageId, body) => {
      try {
        await call('messages:edit', { messageId, body });
        set({ editingId: null });
        await refreshAround(streamOf(get, messageId));
        return true;
      } catch (err) {
        get().toast(errorText(err), 'error');
        return false;
      }
    },
    deleteMessage: async (messageId) => {
      try {
        await call('messages:delete', { messageId });
        await refreshAround(streamOf(get, messageId));
      } catch (err) {
        get().toast(errorText(err), 'error');
      }
    },
    toggleReaction: async (messageId, emoji) => {
      try {
        await call('reactions:toggle', { messageId, emoji });
        await refreshAround(streamOf(get, messageId));
      } catch (err) {
        get().toast(errorText(err), 'error');
      }
    },
    retry: async (clientId) => {
      try {
        await call('outbox:retry', { clientId });
        await refreshAround(get().selectedStreamId ?? undefined);
      } catch (err) {
        get().toast(errorText(err), 'error');
      }
    },
    discard: async (clientId) => {
      try {
        await call('outbox:discard', { clientId });
        await refreshAround(get().selectedStreamId ?? undefined);
      } catch (err) {
        get().toast(errorText(err), 'error');
      }
    },
    markRead: async (streamId) => {
      const stream = get().streams.find((s) => s.id === streamId);
      if (!stream) return;
      const items = get().messages[streamId]?.items ?? [];
      let lastSeq = 0;
      for (const m of items) if (m.status === 'sent' && m.seq > lastSeq) lastSeq = m.seq;
      const seq = Math.max(stream.headSeq, lastSeq);
      if (seq <= stream.lastReadSeq && stream.unread === 0 && stream.mentions === 0) return;
      if ((markingSeq.get(streamId) ?? -1) >= seq) return;
      markingSeq.set(streamId, seq);
      // Optimistic: the badge clears at once; the core's data:changed confirms it.
      set({
        streams: get().streams.map((s) =>
          s.id === streamId ? { ...s, lastReadSeq: Math.max(s.lastReadSeq, seq), unread: 0, mentions: 0 } : s,
        ),
      });
      try {
        await call('read:mark', { streamId, seq });
      } catch {
        markingSeq.delete(streamId);
      }
    },
  };
};

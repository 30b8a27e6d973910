import { MESSAGE_PAGE_SIZE, type MessageView } from '../../../shared/ipc';
import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import { uiError } from '../i18n/text';
import { sharingCandidates } from './sharingSlice';
import type { MessagesSlice, SliceCreator, Store, StreamMessages } from './types';

export const messagesInitial = {
  messages: {},
  dividerSeq: {},
  jumpTarget: null,
  highlightId: null,
} satisfies Partial<MessagesSlice>;

/** Messages read per page from the cache; large enough to fill a tall window, small enough to be instant. */
export const PAGE_SIZE = MESSAGE_PAGE_SIZE;
/** After a failed server fetch, wait before trying again so scrolling does not hammer an offline core. */
const OLDER_RETRY_MS = 5000;
/** Jumping to an old message pages back at most this far (pages of 500); beyond, it opens as a thread. */
const JUMP_MAX_PAGES = 20;
const JUMP_PAGE = 500;
/** How long a jumped-to message stays highlighted. */
export const HIGHLIGHT_MS = 2000;
let jumpNonce = 0;

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

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A message as re-read from the cache is the same as the one shown (so the shown object can stay). */
export function sameMessage(a: MessageView, b: MessageView): boolean {
  for (const key of Object.keys(b) as (keyof MessageView)[]) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || !sameJson(x, y)) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

/**
 * Folds a fresh latest page into what is shown: older pages the user scrolled through stay, and the
 * span the page covers is replaced wholesale so edits, deletions and sent/pending changes show.
 * Unchanged messages keep their object identity, so a re-read re-renders only what changed; the
 * work is proportional to the page, not to the whole loaded history.
 */
export function mergeLatest(current: MessageView[], page: MessageView[], pageHasMore: boolean): MessageView[] {
  const pageOldest = oldestSentSeq(page);
  // current is sent messages by seq, then pending sends: the messages older than the page are a prefix.
  let cut = current.length;
  if (pageHasMore && pageOldest !== undefined)
    while (cut > 0 && (current[cut - 1]!.status !== 'sent' || current[cut - 1]!.seq >= pageOldest)) cut -= 1;
  else cut = 0;
  const shown = new Map<string, MessageView>();
  for (let i = cut; i < current.length; i += 1) shown.set(current[i]!.id, current[i]!);
  const fresh = page.map((m) => {
    const old = shown.get(m.id);
    return old && sameMessage(old, m) ? old : m;
  });
  if (cut === 0) {
    // Nothing changed at all: keep the very same array so nothing downstream recomputes.
    if (fresh.length === current.length && fresh.every((m, i) => m === current[i])) return current;
    return fresh;
  }
  const out = current.slice(0, cut);
  for (const m of fresh) out.push(m);
  return out;
}

/** The messages of an older page not already shown (without scanning all that is shown). */
function olderThan(page: MessageView[], items: MessageView[], beforeSeq: number | undefined): MessageView[] {
  if (beforeSeq !== undefined) return page.filter((m) => m.status === 'sent' && m.seq < beforeSeq);
  const known = new Set(items.map((m) => m.id));
  return page.filter((m) => !known.has(m.id));
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

/*
 * Writes (send, edit, delete, react, retry, discard) never re-read anything themselves: the core
 * answers every cache change with one `data:changed` push per turn, and pushes.ts re-reads what is
 * shown. A refresh here as well read each list twice, the second time before the change had landed.
 */
export const createMessagesSlice: SliceCreator<MessagesSlice> = (set, get) => {
  return {
    ...messagesInitial,
    loadLatest: async (streamId) => {
      const prev = get().messages[streamId];
      const shown = prev?.items.length ?? 0;
      if (!prev) patch(get, set, streamId, { loading: true });
      try {
        const limit = Math.min(500, Math.max(PAGE_SIZE, shown));
        const { messages, hasMore } = await call('message:list', { streamId, limit });
        const current = get().messages[streamId]?.items ?? [];
        const items = mergeLatest(current, messages, hasMore);
        const keptOlder = items.length > messages.length;
        patch(get, set, streamId, {
          items,
          hasMore: keptOlder ? (get().messages[streamId]?.hasMore ?? hasMore) : hasMore,
          loading: false,
          error: null,
        });
        get().requestSharing(sharingCandidates(messages));
      } catch (err) {
        patch(get, set, streamId, { loading: false, error: toApiError(err) });
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
          const fetched = await call('message:fetchOlder', { streamId });
          serverHasMore = fetched.hasMore;
          hasMore = fetched.fetched > 0;
        }
        let items = get().messages[streamId]?.items ?? [];
        if (hasMore) {
          const beforeSeq = oldestSentSeq(items);
          const page = await call(
            'message:list',
            beforeSeq === undefined ? { streamId, limit: PAGE_SIZE } : { streamId, beforeSeq, limit: PAGE_SIZE },
          );
          const older = olderThan(page.messages, items, beforeSeq);
          items = [...older, ...items];
          hasMore = page.hasMore;
          get().requestSharing(sharingCandidates(older));
        }
        patch(get, set, streamId, { items, hasMore, serverHasMore, loadingOlder: false });
      } catch (err) {
        olderFailedAt.set(streamId, Date.now());
        patch(get, set, streamId, { loadingOlder: false, error: toApiError(err) });
      }
    },
    send: async (streamId, body, threadRootId, files, uploadIds) => {
      try {
        await call('message:send', {
          streamId,
          body,
          ...(threadRootId ? { threadRootId } : {}),
          ...(files?.length ? { files } : {}),
          ...(uploadIds?.length ? { uploadIds } : {}),
        });
        return true;
      } catch (err) {
        get().toast(uiError(err), 'error');
        return false;
      }
    },
    editMessage: async (messageId, body) => {
      try {
        await call('message:edit', { messageId, body });
        set({ editingId: null });
        return true;
      } catch (err) {
        get().toast(uiError(err), 'error');
        return false;
      }
    },
    deleteMessage: async (messageId) => {
      try {
        await call('message:delete', { messageId });
      } catch (err) {
        get().toast(uiError(err), 'error');
      }
    },
    toggleReaction: async (messageId, emoji) => {
      try {
        await call('reaction:toggle', { messageId, emoji });
      } catch (err) {
        get().toast(uiError(err), 'error');
      }
    },
    retry: async (clientId) => {
      try {
        await call('outbox:retry', { clientId });
      } catch (err) {
        get().toast(uiError(err), 'error');
      }
    },
    discard: async (clientId) => {
      try {
        await call('outbox:discard', { clientId });
      } catch (err) {
        get().toast(uiError(err), 'error');
      }
    },
    jumpToMessage: async (message) => {
      const { streamId, id: messageId, seq } = message;
      if (get().selectedStreamId !== streamId) get().selectStream(streamId);
      const has = () => get().messages[streamId]?.items.some((m) => m.id === messageId) ?? false;
      if (!has()) await get().loadLatest(streamId);
      try {
        for (let pages = 0; pages < JUMP_MAX_PAGES && !has(); pages += 1) {
          const state = get().messages[streamId];
          const beforeSeq = state ? oldestSentSeq(state.items) : undefined;
          if (!state || !state.hasMore || beforeSeq === undefined || beforeSeq <= seq) break;
          const page = await call('message:list', { streamId, beforeSeq, limit: JUMP_PAGE });
          const items = get().messages[streamId]?.items ?? [];
          patch(get, set, streamId, {
            items: [...olderThan(page.messages, items, oldestSentSeq(items)), ...items],
            hasMore: page.hasMore,
          });
        }
      } catch (err) {
        get().toast(uiError(err), 'error');
        return false;
      }
      if (!has()) return false;
      jumpNonce += 1;
      set({ jumpTarget: { streamId, messageId, nonce: jumpNonce }, highlightId: messageId });
      setTimeout(() => {
        if (get().highlightId === messageId) set({ highlightId: null });
      }, HIGHLIGHT_MS);
      return true;
    },
    markRead: async (streamId) => {
      const stream = get().streams.find((s) => s.id === streamId);
      if (!stream) return;
      const items = get().messages[streamId]?.items ?? [];
      // Sent messages are in seq order before any pending ones: the newest is found from the end.
      let lastSeq = 0;
      for (let i = items.length - 1; i >= 0 && lastSeq === 0; i -= 1)
        if (items[i]!.status === 'sent') lastSeq = items[i]!.seq;
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

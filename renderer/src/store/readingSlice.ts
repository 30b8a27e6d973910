import type { ReadingSlice, SliceCreator } from './types';

/*
 * "Mark all as read" and "Jump to first unread". Read markers live on the server (`read:mark`, which
 * the core queues offline and sends on reconnect), so a stream marked read here is read on my other
 * devices too from their next `hello`.
 */

export const readingInitial = {} satisfies Partial<ReadingSlice>;

/** An id no message has: asking the jump to look for it only pages the history back to a seq. */
const NO_MESSAGE = 'no-message';

export const createReadingSlice: SliceCreator<ReadingSlice> = (_set, get) => ({
  ...readingInitial,
  markAllRead: async () => {
    await Promise.all(
      get()
        .streams.filter((s) => s.unread > 0 || s.mentions > 0)
        .map((s) => get().markRead(s.id)),
    );
  },
  jumpToFirstUnread: async (streamId) => {
    const stream = get().streams.find((s) => s.id === streamId);
    if (!stream) return false;
    // what was unread when the stream was opened (the "New messages" divider), not what is unread now
    const readUpTo = get().dividerSeq[streamId] ?? stream.lastReadSeq;
    const firstUnread = () =>
      get().messages[streamId]?.items.find((m) => m.status === 'sent' && m.seq > readUpTo) ?? null;
    const oldestLoaded = get().messages[streamId]?.items.find((m) => m.status === 'sent')?.seq;
    if (oldestLoaded === undefined || oldestLoaded > readUpTo + 1)
      await get().jumpToMessage({ id: NO_MESSAGE, streamId, seq: readUpTo + 1 });
    const target = firstUnread();
    return target ? get().jumpToMessage(target) : false;
  },
});

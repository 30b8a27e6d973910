import { TYPING_EXPIRY_MS } from '../../../shared/protocol/presence';
import { call } from '../api/client';
import { uiError } from '../i18n/text';
import type { PresenceSlice, SliceCreator } from './types';

export const presenceInitial = {
  online: {},
  typing: {},
  presenceVisible: null,
} satisfies Partial<PresenceSlice>;

/** Where typing is kept: a stream's own key, or the stream and thread for replies in a thread. */
export const typingKey = (streamId: string, threadRootId?: string): string =>
  threadRootId ? `${streamId}/${threadRootId}` : streamId;

/** Pushes of another open account than the one shown are not this window's business. */
const isShownAccount = (accountId: string, shown: string | null | undefined): boolean => accountId === shown;

export const createPresenceSlice: SliceCreator<PresenceSlice> = (set, get) => ({
  ...presenceInitial,
  loadPresence: async (streamId) => {
    try {
      const { online } = await call('presence:list', { streamId });
      set({ online: { ...get().online, [streamId]: online } });
    } catch {
      // presence is a nicety: a stream the cache does not know yet simply shows nobody
      set({ online: { ...get().online, [streamId]: [] } });
    }
  },
  applyPresence: (change) => {
    if (!isShownAccount(change.accountId, get().session?.accountId)) return;
    const before = get().online[change.streamId];
    // a stream never asked about is asked for in full when it is opened
    if (!before) return;
    const offline = new Set(change.offline);
    const next = before.filter((id) => !offline.has(id));
    for (const id of change.online) if (!next.includes(id)) next.push(id);
    set({ online: { ...get().online, [change.streamId]: next } });
  },
  applyTyping: (change, now = Date.now()) => {
    if (!isShownAccount(change.accountId, get().session?.accountId)) return;
    const key = typingKey(change.streamId, change.threadRootId);
    const inPlace = { ...get().typing[key] };
    if (change.typing) inPlace[change.userId] = now + TYPING_EXPIRY_MS;
    else delete inPlace[change.userId];
    set({ typing: { ...get().typing, [key]: inPlace } });
  },
  expireTyping: (now = Date.now()) => {
    const typing = get().typing;
    let changed = false;
    const next: Record<string, Record<string, number>> = {};
    for (const [streamId, users] of Object.entries(typing)) {
      const kept = Object.fromEntries(Object.entries(users).filter(([, until]) => until > now));
      if (Object.keys(kept).length !== Object.keys(users).length) changed = true;
      next[streamId] = kept;
    }
    if (changed) set({ typing: next });
  },
  loadPresenceSetting: async () => {
    try {
      set({ presenceVisible: (await call('presence:get', {})).visible });
    } catch {
      // offline: the choice is the server's to tell; the switch stays unknown (disabled)
      set({ presenceVisible: null });
    }
  },
  setPresenceVisible: async (visible) => {
    try {
      set({ presenceVisible: (await call('presence:set', { visible })).visible });
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
  signalTyping: (streamId, typing, threadRootId) => {
    // best effort: a lost signal only shows "is typing" a little later or shorter
    call('typing:signal', threadRootId ? { streamId, typing, threadRootId } : { streamId, typing }).catch(
      () => undefined,
    );
  },
});

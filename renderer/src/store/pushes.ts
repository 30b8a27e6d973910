/*
 * Wires the API's pushes to the store: sync status, cache changes (re-read only what is shown) and
 * notifications. Returns one function that unsubscribes everything.
 */
import { defineMessages } from 'react-intl';
import type { IpcPush } from '../../../shared/ipc';
import { call, onPush } from '../api/client';
import { uiMessage } from '../i18n/text';
import { useStore } from './index';

const notice = defineMessages({
  mention: { id: 'toast.notification.mention', defaultMessage: '{actor} mentioned you: {text}' },
  message: { id: 'toast.notification.message', defaultMessage: '{actor}: {text}' },
});

export function handleDataChanged(change: IpcPush<'data:changed'>): void {
  const s = useStore.getState();
  const { kinds, streamIds } = change;
  const touches = (streamId: string): boolean => streamIds.length === 0 || streamIds.includes(streamId);
  if (kinds.includes('session')) void s.loadSession();
  if (kinds.includes('streams')) void s.loadStreams();
  if (kinds.includes('directory')) void s.loadDirectory();
  if (kinds.includes('photos')) s.photosChanged();
  if (kinds.includes('accounts') && s.session?.signedIn) void s.loadAccounts();
  if (kinds.includes('settings') && s.settings !== null) void s.loadSettings();
  if (kinds.includes('policy')) void s.loadSpeechPolicy();
  if (kinds.includes('guidelines')) {
    void s.loadGuidelines();
    // an open acknowledgements view follows new versions and others' acknowledgements live
    if (s.acknowledgements && s.panel === 'guidelines') void s.loadAcknowledgements(s.acknowledgements.teamId);
  }
  if (kinds.includes('messages') || kinds.includes('outbox')) {
    const selected = s.selectedStreamId;
    if (selected && touches(selected)) void s.loadLatest(selected);
    // Streams not on screen are dropped, so opening one later reads it fresh.
    const stale = Object.keys(s.messages).filter((id) => id !== selected && touches(id));
    if (stale.length > 0) {
      const messages = { ...s.messages };
      for (const id of stale) delete messages[id];
      useStore.setState({ messages });
    }
    const t = s.thread;
    if (t && (!t.root || touches(t.root.streamId))) void s.reloadThread();
  }
  if (kinds.includes('promotions')) {
    // A promotion moved: what the server lets me do with the messages on screen may have changed
    // (share, unpublish), and so may what waits for me (the Sharing button's count) and the
    // "proposed" marks on messages.
    s.refreshSharing();
    void s.loadAllPromotions();
  }
}

/**
 * A notification click or tributary:// link to a message: a top-level message is scrolled to in its
 * stream (as a search hit is); a reply, or one the history cannot reach, opens its thread.
 */
async function openMessage(messageId: string, streamId: string | null): Promise<void> {
  const s = useStore.getState();
  let rootId = messageId;
  try {
    const { root } = await call('thread:get', { rootId: messageId });
    if (root && root.threadRootId === null && (await s.jumpToMessage(root))) return;
    if (root?.threadRootId) rootId = root.threadRootId;
  } catch {
    // Not in the cache (yet): the thread panel below says so in its own way.
  }
  if (streamId && streamId !== useStore.getState().selectedStreamId) s.selectStream(streamId);
  await s.openThread(rootId);
}

/** Menu shortcuts, notification clicks and tributary:// links from the desktop shell. */
export function handleUiCommand(command: IpcPush<'ui:command'>): void {
  const s = useStore.getState();
  switch (command.kind) {
    case 'openStream':
      s.selectStream(command.streamId);
      break;
    case 'openMessage':
      void openMessage(command.messageId, command.streamId);
      break;
    case 'openSwitcher':
      s.setSwitcherOpen(true);
      break;
    case 'openSearch':
      s.focusSearch();
      break;
  }
}

export function subscribePushes(): () => void {
  const offs = [
    onPush('sync:status', (status) => useStore.getState().setSync(status)),
    onPush('data:changed', handleDataChanged),
    onPush('notification', (n) => {
      const s = useStore.getState();
      if (n.kind === 'mention') s.bumpMention(n.streamId);
      s.toast(uiMessage(n.kind === 'mention' ? notice.mention : notice.message, { actor: n.actorName, text: n.text }));
    }),
    onPush('ui:command', handleUiCommand),
    onPush('presence:changed', (change) => useStore.getState().applyPresence(change)),
    onPush('typing:changed', (change) => useStore.getState().applyTyping(change)),
    onPush('file:progress', (progress) => useStore.getState().applyUploadProgress(progress)),
  ];
  return () => offs.forEach((off) => off());
}

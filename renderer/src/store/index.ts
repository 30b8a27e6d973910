/*
 * The renderer's one store, composed of typed slices. `initialState` holds every slice's data (no
 * actions) so tests and logout can reset the store with `useStore.setState(initialState)`.
 */
import { create } from 'zustand';
import { accountsInitial, createAccountsSlice } from './accountsSlice';
import { composerInitial, createComposerSlice } from './composerSlice';
import { createDirectorySlice, directoryInitial } from './directorySlice';
import { createMessagesSlice, messagesInitial } from './messagesSlice';
import { createSearchSlice, searchInitial } from './searchSlice';
import { createSessionSlice, sessionInitial } from './sessionSlice';
import { createSettingsSlice, settingsInitial } from './settingsSlice';
import { createSharingSlice, sharingInitial } from './sharingSlice';
import { createStreamsSlice, streamsInitial } from './streamsSlice';
import { createSyncSlice, syncInitial } from './syncSlice';
import { createThreadSlice, threadInitial } from './threadSlice';
import type { Store } from './types';
import { createUiSlice, uiInitial } from './uiSlice';

export type * from './types';

export const useStore = create<Store>()((...a) => ({
  ...createSessionSlice(...a),
  ...createAccountsSlice(...a),
  ...createSettingsSlice(...a),
  ...createStreamsSlice(...a),
  ...createMessagesSlice(...a),
  ...createThreadSlice(...a),
  ...createComposerSlice(...a),
  ...createDirectorySlice(...a),
  ...createSyncSlice(...a),
  ...createUiSlice(...a),
  ...createSearchSlice(...a),
  ...createSharingSlice(...a),
}));

export const initialState = {
  ...sessionInitial,
  ...accountsInitial,
  ...settingsInitial,
  ...streamsInitial,
  ...messagesInitial,
  ...threadInitial,
  ...composerInitial,
  ...directoryInitial,
  ...syncInitial,
  ...uiInitial,
  ...searchInitial,
  ...sharingInitial,
};

/** The signed-in user's id, or null. */
export const selectMyId = (s: Store): string | null => s.session?.user?.id ?? null;

/*
 * The renderer's one store, composed of typed slices. `initialState` holds every slice's data (no
 * actions) so tests and logout can reset the store with `useStore.setState(initialState)`.
 */
import { create } from 'zustand';
import { accountsInitial, createAccountsSlice } from './accountsSlice';
import { apiTokensInitial, createApiTokensSlice } from './apiTokensSlice';
import { composerInitial, createComposerSlice } from './composerSlice';
import { createDirectorySlice, directoryInitial } from './directorySlice';
import { createDirectsSlice, directsInitial } from './directsSlice';
import { createLocaleSlice, localeInitial } from './localeSlice';
import { createMessagesSlice, messagesInitial } from './messagesSlice';
import { createPhotosSlice, photosInitial } from './photosSlice';
import { createProfilesSlice, profilesInitial } from './profilesSlice';
import { createSearchSlice, searchInitial } from './searchSlice';
import { createServerSearchSlice, serverSearchInitial } from './serverSearchSlice';
import { createSessionSlice, sessionInitial } from './sessionSlice';
import { createSettingsSlice, settingsInitial } from './settingsSlice';
import { createSharingSlice, sharingInitial } from './sharingSlice';
import { createStreamsSlice, streamsInitial } from './streamsSlice';
import { createSyncSlice, syncInitial } from './syncSlice';
import { createThreadSlice, threadInitial } from './threadSlice';
import { createReadingSlice, readingInitial } from './readingSlice';
import { createPresenceSlice, presenceInitial } from './presenceSlice';
import { createTagsSlice, tagsInitial } from './tagsSlice';
import type { Store } from './types';
import { createUiSlice, uiInitial } from './uiSlice';
import { createGovernanceSlice, governanceInitial } from './governanceSlice';
import { createIntegrationsSlice, integrationsInitial } from './integrationsSlice';
import { createGuidelinesSlice, guidelinesInitial } from './guidelinesSlice';
import { createFilesSlice, filesInitial } from './filesSlice';

export type * from './types';
export type { Attachment } from './filesSlice';

export const useStore = create<Store>()((...a) => ({
  ...createSessionSlice(...a),
  ...createAccountsSlice(...a),
  ...createSettingsSlice(...a),
  ...createLocaleSlice(...a),
  ...createStreamsSlice(...a),
  ...createMessagesSlice(...a),
  ...createThreadSlice(...a),
  ...createComposerSlice(...a),
  ...createDirectorySlice(...a),
  ...createDirectsSlice(...a),
  ...createSyncSlice(...a),
  ...createUiSlice(...a),
  ...createSearchSlice(...a),
  ...createSharingSlice(...a),
  ...createApiTokensSlice(...a),
  ...createIntegrationsSlice(...a),
  ...createGovernanceSlice(...a),
  ...createGuidelinesSlice(...a),
  ...createServerSearchSlice(...a),
  ...createTagsSlice(...a),
  ...createReadingSlice(...a),
  ...createProfilesSlice(...a),
  ...createPhotosSlice(...a),
  ...createPresenceSlice(...a),
  ...createFilesSlice(...a),
}));

export const initialState = {
  ...sessionInitial,
  ...accountsInitial,
  ...settingsInitial,
  ...localeInitial,
  ...streamsInitial,
  ...messagesInitial,
  ...threadInitial,
  ...composerInitial,
  ...directoryInitial,
  ...directsInitial,
  ...syncInitial,
  ...uiInitial,
  ...searchInitial,
  ...sharingInitial,
  ...apiTokensInitial,
  ...integrationsInitial,
  ...governanceInitial,
  ...guidelinesInitial,
  ...serverSearchInitial,
  ...tagsInitial,
  ...readingInitial,
  ...filesInitial,
  ...profilesInitial,
  ...photosInitial,
  ...presenceInitial,
};

/** The signed-in user's id, or null. */
export const selectMyId = (s: Store): string | null => s.session?.user?.id ?? null;
/** Whether a stream is an archived team's: readable, but it takes no new posts, replies, reactions or tags. */
export const selectIsArchived =
  (streamId: string | undefined) =>
  (s: Store): boolean =>
    streamId !== undefined && s.streams.some((st) => st.id === streamId && st.archived === true);

/*
 * Profiles in the interface: the card of the person whose name was clicked, my own profile for the
 * editor in Settings, and the first-run tour (shown until done or skipped once per account, and again
 * whenever Help asks for it).
 */
import { call } from '../api/client';
import type { IpcRequest, IpcResponse } from '../../../shared/ipc';
import { uiError, type UiText } from '../i18n/text';
import type { SliceCreator } from './types';

export interface ProfilesSlice {
  /** Whose card is open, or null. */
  profileCardUserId: string | null;
  /** The open card's answer (null while loading or after an error). */
  profileCard: IpcResponse<'profile:get'> | null;
  profileCardError: UiText | null;
  /** My own profile and visibility, for the editor. */
  ownProfile: IpcResponse<'profile:update'> | null;
  /** The tour was asked for again from Help (the first run shows it by itself). */
  tourOpen: boolean;
  /** The tour's step (kept here: the panel goes away while another panel is open, the step stays). */
  tourStep: number;
  openProfile: (userId: string) => Promise<void>;
  closeProfile: () => void;
  loadOwnProfile: () => Promise<void>;
  /** Saves a change of my profile; resolves the error to show, or null when saved. */
  saveProfile: (change: IpcRequest<'profile:update'>) => Promise<UiText | null>;
  setTourOpen: (open: boolean) => void;
  setTourStep: (step: number) => void;
  /** Closes the tour and records the first run as done (skipped or finished alike). */
  finishTour: () => Promise<void>;
}

export const profilesInitial = {
  profileCardUserId: null,
  profileCard: null,
  profileCardError: null,
  ownProfile: null,
  tourOpen: false,
  tourStep: 0,
} satisfies Partial<ProfilesSlice>;

export const createProfilesSlice: SliceCreator<ProfilesSlice> = (set, get) => ({
  ...profilesInitial,
  openProfile: async (userId) => {
    set({ profileCardUserId: userId, profileCard: null, profileCardError: null });
    try {
      const answer = await call('profile:get', { userId });
      // a later click on another name wins
      if (get().profileCardUserId === userId) set({ profileCard: answer });
    } catch (err) {
      if (get().profileCardUserId === userId) set({ profileCardError: uiError(err) });
    }
  },
  closeProfile: () => set({ profileCardUserId: null, profileCard: null, profileCardError: null }),
  loadOwnProfile: async () => {
    const myId = get().session?.user?.id;
    if (!myId) return;
    try {
      const answer = await call('profile:get', { userId: myId });
      if (answer.profile && answer.visibility)
        set({ ownProfile: { profile: answer.profile, visibility: answer.visibility } });
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
  saveProfile: async (change) => {
    try {
      set({ ownProfile: await call('profile:update', change) });
      return null;
    } catch (err) {
      return uiError(err);
    }
  },
  setTourOpen: (tourOpen) => set({ tourOpen, tourStep: 0 }),
  setTourStep: (tourStep) => set({ tourStep }),
  finishTour: async () => {
    set({ tourOpen: false, tourStep: 0 });
    if (get().settings?.firstRunDone === false) await get().changeSettings({ firstRunDone: true });
  },
});

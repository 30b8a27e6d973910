import { call } from '../api/client';
import { uiError } from '../i18n/text';
import type { SettingsSlice, SliceCreator } from './types';

export const settingsInitial = { settings: null, about: null, cacheInfo: null } satisfies Partial<SettingsSlice>;

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  ...settingsInitial,
  loadSettings: async () => {
    try {
      set({ settings: await call('settings:get', {}) });
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
  loadSettingsDetails: async () => {
    try {
      const [about, cacheInfo] = await Promise.all([call('app:about', {}), call('cache:get', {})]);
      set({ about, cacheInfo });
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
  changeSettings: async (change) => {
    try {
      set({ settings: await call('settings:set', change) });
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
  clearLocalData: async () => {
    try {
      set({ cacheInfo: await call('cache:clear', {}) });
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
});

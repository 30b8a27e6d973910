import { defineMessages } from 'react-intl';
import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import { uiError, uiMessage } from '../i18n/text';
import type { DirectsSlice, SliceCreator } from './types';

const messages = defineMessages({
  offline: {
    id: 'direct.offline',
    defaultMessage: 'You are offline. Starting a conversation needs the server; conversations you have work as usual.',
  },
});

export const directsInitial = { directPickerOpen: false } satisfies Partial<DirectsSlice>;

export const createDirectsSlice: SliceCreator<DirectsSlice> = (set, get) => ({
  ...directsInitial,
  setDirectPickerOpen: (open) => set({ directPickerOpen: open }),
  openDirect: async (userIds) => {
    try {
      const { stream } = await call('dm:open', { userIds });
      // The core cached it before answering: listing the streams now finds it.
      await get().loadStreams();
      set({ directPickerOpen: false, switcherOpen: false });
      get().selectStream(stream.id);
      return true;
    } catch (err) {
      // Offline is the one refusal worth its own words: what still works is not obvious.
      const offline = toApiError(err).code === 'UNAVAILABLE';
      get().toast(offline ? uiMessage(messages.offline) : uiError(err), 'error');
      return false;
    }
  },
});

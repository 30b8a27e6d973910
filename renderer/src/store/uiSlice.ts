import { defineMessages } from 'react-intl';
import { call } from '../api/client';
import { uiError } from '../i18n/text';
import type { SliceCreator, UiSlice } from './types';

export const uiInitial = {
  panel: 'none',
  switcherOpen: false,
  searchFocusNonce: 0,
  toasts: [],
  shareMessage: null,
} satisfies Partial<UiSlice>;

const messages = defineMessages({
  linkNotOpened: {
    id: 'toast.linkNotOpened',
    defaultMessage: 'The link was not opened: your organization’s link policy or this computer does not allow it.',
  },
});

let toastId = 0;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  ...uiInitial,
  setPanel: (panel) => set({ panel }),
  setSwitcherOpen: (switcherOpen) => set({ switcherOpen }),
  focusSearch: () => set({ panel: 'search', switcherOpen: false, searchFocusNonce: get().searchFocusNonce + 1 }),
  toast: (text, kind = 'info') => {
    const id = ++toastId;
    set({ toasts: [...get().toasts, { id, text, kind }].slice(-4) });
    setTimeout(() => get().dismissToast(id), 6000);
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  setShareMessage: (shareMessage) => set({ shareMessage }),
  openLink: async (url) => {
    try {
      const { opened, reason } = await call('link:open', { url });
      if (!opened) get().toast({ message: messages.linkNotOpened, ...(reason ? { detail: reason } : {}) }, 'error');
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
});

import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import type { ApiTokensSlice, SliceCreator } from './types';

export const apiTokensInitial = {
  apiTokens: [],
  apiTokenSecret: null,
  apiTokensError: null,
} satisfies Partial<ApiTokensSlice>;

/** Personal API tokens for bots: the server's list, and a new token's secret until it is dismissed. */
export const createApiTokensSlice: SliceCreator<ApiTokensSlice> = (set, get) => ({
  ...apiTokensInitial,
  loadApiTokens: async () => {
    try {
      const { apiTokens } = await call('apitoken:list', {});
      set({ apiTokens, apiTokensError: null });
    } catch (err) {
      set({ apiTokensError: toApiError(err) });
    }
  },
  createApiToken: async (name) => {
    try {
      const { apiToken, secret } = await call('apitoken:create', { name });
      set({
        apiTokens: [apiToken, ...get().apiTokens],
        apiTokenSecret: { name: apiToken.name, secret },
        apiTokensError: null,
      });
      return true;
    } catch (err) {
      set({ apiTokensError: toApiError(err) });
      return false;
    }
  },
  revokeApiToken: async (apiTokenId) => {
    try {
      await call('apitoken:revoke', { apiTokenId });
      set({ apiTokens: get().apiTokens.filter((t) => t.id !== apiTokenId), apiTokensError: null });
    } catch (err) {
      set({ apiTokensError: toApiError(err) });
    }
  },
  // the secret is kept only until the user has seen it: it is never shown again
  dismissApiTokenSecret: () => set({ apiTokenSecret: null }),
});

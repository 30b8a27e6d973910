import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import type { IntegrationsSlice, SliceCreator } from './types';

export const integrationsInitial = {
  integrations: [],
  integrationsStreamId: null,
  integrationToken: null,
  integrationsError: null,
} satisfies Partial<IntegrationsSlice>;

/** A team stream's integrations, for its curators: the server's list, and a new flow token until dismissed. */
export const createIntegrationsSlice: SliceCreator<IntegrationsSlice> = (set, get) => ({
  ...integrationsInitial,
  loadIntegrations: async (streamId) => {
    // another stream's list must not show under this one while the answer is on its way
    if (get().integrationsStreamId !== streamId) set({ integrations: [], integrationsStreamId: streamId });
    try {
      const { integrations } = await call('integration:list', { streamId });
      if (get().integrationsStreamId === streamId) set({ integrations, integrationsError: null });
    } catch (err) {
      set({ integrationsError: toApiError(err) });
    }
  },
  createIntegration: async (streamId, name) => {
    try {
      const { integration, flowToken } = await call('integration:create', { streamId, name });
      set({
        integrations: [integration, ...get().integrations],
        integrationToken: { name: integration.name, flowToken },
        integrationsError: null,
      });
      return true;
    } catch (err) {
      set({ integrationsError: toApiError(err) });
      return false;
    }
  },
  revokeIntegration: async (integrationId) => {
    try {
      await call('integration:revoke', { integrationId });
      set({ integrations: get().integrations.filter((i) => i.id !== integrationId), integrationsError: null });
    } catch (err) {
      set({ integrationsError: toApiError(err) });
    }
  },
  // the flow token is kept only until the curator has seen it: it is never shown again
  dismissIntegrationToken: () => set({ integrationToken: null }),
});

import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import type { GuidelinesSlice, SliceCreator } from './types';

export const guidelinesInitial = {
  guidelines: null,
  guidelinesLater: [],
  guidelinesAsked: null,
  guidelinesError: null,
  acknowledgements: null,
} satisfies Partial<GuidelinesSlice>;

/** The key of a put-off version. */
export const laterKey = (teamId: string | null, version: number): string => `${teamId ?? 'org'}:${version}`;

/** Hands a text to the browser as a file download: a Blob URL on a temporary link, freed at once. */
function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export const createGuidelinesSlice: SliceCreator<GuidelinesSlice> = (set, get) => ({
  ...guidelinesInitial,
  loadGuidelines: async () => {
    try {
      set({ guidelines: (await call('guidelines:list', {})).guidelines });
    } catch {
      // Signed out or no cache yet: nothing asks, and the server still decides on every post.
    }
  },
  acknowledgeGuidelines: async (teamId, version) => {
    try {
      await call('guidelines:acknowledge', teamId === null ? { version } : { teamId, version });
      set({ guidelinesError: null, guidelinesAsked: null });
      await get().loadGuidelines();
      return true;
    } catch (err) {
      set({ guidelinesError: toApiError(err) });
      return false;
    }
  },
  putOffGuidelines: (teamId, version) =>
    set({
      guidelinesLater: [...get().guidelinesLater, laterKey(teamId, version)],
      guidelinesAsked: null,
      guidelinesError: null,
    }),
  askGuidelines: (teamId) => set({ guidelinesAsked: { teamId }, guidelinesError: null }),
  publishGuidelines: async (teamId, body) => {
    try {
      await call('guidelines:publish', teamId === null ? { body } : { teamId, body });
      set({ guidelinesError: null });
      await get().loadGuidelines();
      return true;
    } catch (err) {
      set({ guidelinesError: toApiError(err) });
      return false;
    }
  },
  setGuidelinesRequired: async (teamId, required) => {
    try {
      await call('guidelines:require', { teamId, required });
      set({ guidelinesError: null });
      await get().loadGuidelines();
    } catch (err) {
      set({ guidelinesError: toApiError(err) });
    }
  },
  loadAcknowledgements: async (teamId) => {
    try {
      const report = await call('guidelines:acknowledgements', teamId === null ? {} : { teamId });
      set({ acknowledgements: report });
    } catch (err) {
      set({ acknowledgements: null, guidelinesError: toApiError(err) });
    }
  },
  exportAcknowledgements: async (teamId) => {
    try {
      const { filename, csv } = await call('guidelines:export', teamId === null ? {} : { teamId });
      download(filename, csv);
    } catch (err) {
      set({ guidelinesError: toApiError(err) });
    }
  },
});

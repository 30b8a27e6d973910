import { call } from '../api/client';
import { uiError } from '../i18n/text';
import type { SliceCreator, StreamsSlice } from './types';

export const streamsInitial = { streams: [], selectedStreamId: null } satisfies Partial<StreamsSlice>;

export const createStreamsSlice: SliceCreator<StreamsSlice> = (set, get) => ({
  ...streamsInitial,
  loadStreams: async () => {
    try {
      const { streams } = await call('stream:list', {});
      // The sidebar's order whatever order the core used: the org stream, teams, then conversations
      // (so Alt+Up/Down walks the streams as they are shown).
      const kinds = ['org', 'team', 'direct'] as const;
      const sorted = kinds.flatMap((kind) => streams.filter((s) => s.kind === kind));
      set({ streams: sorted });
      const selected = get().selectedStreamId;
      if (!selected || !sorted.some((s) => s.id === selected)) {
        const first = sorted[0];
        if (first) get().selectStream(first.id);
      }
    } catch (err) {
      get().toast(uiError(err), 'error');
    }
  },
  selectStream: (streamId) => {
    const stream = get().streams.find((s) => s.id === streamId);
    // Freeze the divider where the user stopped reading, so marking read does not move it away.
    const dividerSeq = { ...get().dividerSeq };
    if (stream && get().selectedStreamId !== streamId) dividerSeq[streamId] = stream.lastReadSeq;
    // A jump requested for a stream is used once; coming back later opens at the bottom.
    set({ selectedStreamId: streamId, dividerSeq, editingId: null, jumpTarget: null });
    void get().loadLatest(streamId);
  },
  selectAdjacentStream: (delta) => {
    const { streams, selectedStreamId } = get();
    const at = streams.findIndex((s) => s.id === selectedStreamId);
    const next = streams[at < 0 ? 0 : at + delta];
    if (next && next.id !== selectedStreamId) get().selectStream(next.id);
  },
  bumpMention: (streamId) => {
    set({
      streams: get().streams.map((s) =>
        s.id === streamId && streamId !== get().selectedStreamId ? { ...s, mentions: s.mentions + 1 } : s,
      ),
    });
  },
});

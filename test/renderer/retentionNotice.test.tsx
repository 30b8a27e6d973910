// The stream header says how long the stream keeps its messages (retention:period), in English and
// Finnish, and says nothing when they are kept forever.
import { act, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { StreamView } from '../../renderer/src/components/StreamView';
import { useStore } from '../../renderer/src/store';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

describe('retention in the stream header', () => {
  it("tells a team stream's readers how many days it keeps messages", async () => {
    w.api.retentionDays[w.design.id] = 30;
    await renderSignedIn(<StreamView />, w.design.id);
    expect(await screen.findByTestId('retention-notice')).toHaveTextContent('This team keeps messages 30 days');
    expect(w.api.callsTo('retention:period')).toEqual([{ streamId: w.design.id }]);
  });

  it('speaks of the organization in the org stream, with the singular for one day', async () => {
    w.api.retentionDays[w.org.id] = 1;
    await renderSignedIn(<StreamView />, w.org.id);
    expect(await screen.findByTestId('retention-notice')).toHaveTextContent(
      'The organization keeps messages here 1 day',
    );
  });

  it('says nothing for a stream kept forever', async () => {
    await renderSignedIn(<StreamView />, w.design.id);
    // the sentinel: the answer (null) is in the store, so the header has rendered with it
    await waitFor(() => expect(useStore.getState().retentionDays).toHaveProperty(w.design.id, null));
    expect(screen.queryByTestId('retention-notice')).toBeNull();
  });

  it('says it in Finnish', async () => {
    w.api.retentionDays[w.design.id] = 90;
    await renderSignedIn(<StreamView />, w.design.id);
    await screen.findByTestId('retention-notice');
    act(() => useStore.getState().setLocale('fi'));
    expect(screen.getByTestId('retention-notice')).toHaveTextContent('Tämä tiimi säilyttää viestit 90 päivän ajan');
  });
});

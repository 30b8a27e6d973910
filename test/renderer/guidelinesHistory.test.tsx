// Earlier guidelines versions in the guidelines panel: one button per earlier version, newest first;
// choosing one shows it with who published it and when (read from the server: guidelines:version).
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { GuidelinesPanel } from '../../renderer/src/components/GuidelinesPanel';
import { useStore } from '../../renderer/src/store';
import type { Guidelines, GuidelinesVersion } from '../../shared/protocol/guidelines';
import { guidelineVersionKey } from './fakeGuidelineVersions';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

const version = (n: number, body: string, publisherName: string, day: number): GuidelinesVersion => ({
  teamId: w.design.teamId,
  version: n,
  body,
  publishedAt: Date.UTC(2026, 10, day, 9),
  publishedBy: w.bob.id,
  publisherName,
});

beforeEach(() => {
  w = world();
  const design: Guidelines = {
    teamId: w.design.teamId,
    current: version(3, 'Credit **your** sources.', 'Bob', 30),
    requireAck: false,
    acknowledgedVersion: 3,
  };
  w.api.guidelines.list = [design];
  for (const v of [
    version(1, 'First draft of the rules.', 'Alice Archer', 2),
    version(2, 'Be **kind**.', 'Carol Jones', 15),
  ])
    w.api.guidelineVersions.set(guidelineVersionKey(v.teamId, v.version), v);
});

describe('earlier guidelines versions', () => {
  it('lists the earlier versions newest first and shows the chosen one with its publisher and date', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<GuidelinesPanel />, w.design.id);
    await act(() => useStore.getState().loadGuidelines());
    const history = await screen.findByTestId('guidelines-history');
    const buttons = within(history).getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Version 2', 'Version 1']);

    await user.click(within(history).getByRole('button', { name: 'Version 1' }));
    const shown = await within(history).findByTestId('guidelines-history-version');
    expect(shown).toHaveTextContent('First draft of the rules.');
    expect(shown).toHaveTextContent(/Version 1, published by Alice Archer on .*2026/);
    expect(w.api.callsTo('guidelines:version')).toEqual([{ teamId: w.design.teamId, version: 1 }]);
    expect(within(history).getByRole('button', { name: 'Version 1' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(within(history).getByRole('button', { name: 'Version 2' }));
    await waitFor(() =>
      expect(within(history).getByTestId('guidelines-history-version')).toHaveTextContent('Be kind.'),
    );
    expect(within(history).getByTestId('guidelines-history-version')).toHaveTextContent('Carol Jones');

    await user.click(within(history).getByRole('button', { name: 'Hide this version' }));
    expect(within(history).queryByTestId('guidelines-history-version')).not.toBeInTheDocument();
  });

  it('shows no history for a first version', async () => {
    w.api.guidelines.list = w.api.guidelines.list.map((g) => ({ ...g, current: { ...g.current!, version: 1 } }));
    await renderSignedIn(<GuidelinesPanel />, w.design.id);
    await act(() => useStore.getState().loadGuidelines());
    await screen.findByTestId('guidelines-acknowledged');
    expect(screen.queryByTestId('guidelines-history')).not.toBeInTheDocument();
  });
});

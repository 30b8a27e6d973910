// The "(edited)" mark opens the message's edit history: every version, oldest first, with its editor.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { StreamView } from '../../renderer/src/components/StreamView';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

describe('edit history', () => {
  it('opens from the edited mark and lists every version with its editor', async () => {
    const { api, design, bob } = world();
    const m = { ...makeMessage(design, bob, 'final words'), editedAt: Date.UTC(2026, 0, 2, 9, 30) };
    api.messages.push(m);
    api.histories[m.id] = [
      { body: 'first words', editorId: bob.id, editorName: bob.name, at: Date.UTC(2026, 0, 1, 8, 0) },
      { body: 'final words', editorId: bob.id, editorName: bob.name, at: Date.UTC(2026, 0, 2, 9, 30) },
    ];
    const user = userEvent.setup();
    await renderSignedIn(<StreamView />, design.id);
    await user.click(screen.getByRole('button', { name: 'Edited: show the earlier versions' }));
    const dialog = await screen.findByTestId('edit-history');
    const versions = await within(dialog).findAllByTestId('edit-history-version');
    expect(versions).toHaveLength(2);
    expect(versions[0]).toHaveTextContent(`Original by ${bob.name}`);
    expect(versions[0]).toHaveTextContent('first words');
    expect(versions[1]).toHaveTextContent(`Version 2 by ${bob.name}`);
    expect(api.callsTo('message:history')).toEqual([{ messageId: m.id }]);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('edit-history')).toBeNull();
  });
});

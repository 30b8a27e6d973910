// Reading: "Mark all as read" moves every stream's marker (through read:mark, synced by the core) and
// "Jump to first unread" pages back to where unread messages started when the stream was opened.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { longHistory, renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;
const base = new Date(2026, 10, 20, 10, 0, 0).getTime();

beforeEach(() => {
  w = world();
});

describe('reading', () => {
  it('marks every stream with unread messages as read, from the sidebar', async () => {
    const { api, design, org, ops, bob } = w;
    api.messages.push(...longHistory(design, [bob], 5, { from: base, stepMs: 60_000 }));
    Object.assign(design, { headSeq: 5, lastReadSeq: 2, unread: 3, mentions: 1 });
    Object.assign(org, { headSeq: 9, lastReadSeq: 0, unread: 9, mentions: 0 });
    await renderSignedIn(<App />, ops.id);
    const user = userEvent.setup();
    const sidebar = screen.getByTestId('sidebar');
    expect(within(sidebar).getAllByTestId('unread-badge')).toHaveLength(2);
    await user.click(within(sidebar).getByRole('button', { name: 'Mark all as read' }));
    expect(api.callsTo('read:mark')).toEqual(
      expect.arrayContaining([
        { streamId: design.id, seq: 5 },
        { streamId: org.id, seq: 9 },
      ]),
    );
    expect(api.callsTo('read:mark')).toHaveLength(2);
    await waitFor(() => expect(within(sidebar).queryAllByTestId('unread-badge')).toHaveLength(0));
    expect(within(sidebar).queryByRole('button', { name: 'Mark all as read' })).not.toBeInTheDocument();
  });

  it('jumps to the first message that was unread when the stream was opened, paging back to it', async () => {
    const { api, design, ops, bob, carol } = w;
    api.messages.push(...longHistory(design, [bob, carol], 400, { from: base, stepMs: 60_000 }));
    Object.assign(design, { headSeq: 400, lastReadSeq: 40, unread: 360, mentions: 0 });
    await renderSignedIn(<App />, ops.id);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Design/ }));
    await user.click(await screen.findByRole('button', { name: 'Jump to first unread' }));
    const first = (await screen.findByText('message 40')).closest('article')!;
    expect(first).toHaveAttribute('data-highlighted', 'true');
    // message 40 is seq 41: the one after the marker
    expect(screen.queryByText('message 39')?.closest('article')).not.toHaveAttribute('data-highlighted');
  });
});

import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageList } from '../../renderer/src/components/MessageList';
import { useStore } from '../../renderer/src/store';
import { PAGE_SIZE } from '../../renderer/src/store/messagesSlice';
import { makeMessage } from './fakeApi';
import { longHistory, renderSignedIn, showLoaded, world } from './harness';

let w: ReturnType<typeof world>;
const DAY = 86_400_000;
const base = new Date(2026, 10, 20, 10, 0, 0).getTime();

beforeEach(() => {
  w = world();
});

function headers(): string[] {
  return screen.queryAllByTestId('message-item').map((el) => el.querySelector('.msg-author')?.textContent ?? '');
}

describe('message list', () => {
  it('groups consecutive messages by author within 5 minutes and separates days', async () => {
    const { api, design, alice, bob } = w;
    api.messages.push(
      makeMessage(design, bob, 'one', { createdAt: base }),
      makeMessage(design, bob, 'two', { createdAt: base + 60_000 }),
      makeMessage(design, bob, 'three (much later)', { createdAt: base + 20 * 60_000 }),
      makeMessage(design, alice, 'four', { createdAt: base + 21 * 60_000 }),
      makeMessage(design, alice, 'next day', { createdAt: base + DAY }),
    );
    await renderSignedIn(<MessageList streamId={design.id} />, design.id);
    expect(screen.getAllByTestId('message-item')).toHaveLength(5);
    // "two" collapses under "one"; "three" is too late; "four" is another author; a new day restarts.
    expect(headers()).toEqual(['Bob', '', 'Bob', 'Alice', 'Alice']);
    expect(screen.getAllByTestId('day-separator')).toHaveLength(2);
  });

  it('puts the "New messages" divider before the first unread message of someone else', async () => {
    const { api, design, bob } = w;
    const msgs = [1, 2, 3, 4].map((i) => makeMessage(design, bob, `m${i}`, { createdAt: base + i * 1000 }));
    api.messages.push(...msgs);
    design.lastReadSeq = msgs[1]!.seq;
    design.headSeq = msgs[3]!.seq;
    await renderSignedIn(<MessageList streamId={design.id} />, design.id);
    const divider = screen.getByTestId('new-messages-divider');
    const rows = screen.getAllByRole('listitem');
    const dividerRow = rows.findIndex((r) => r.contains(divider));
    expect(rows[dividerRow + 1]).toHaveTextContent('m3');
    expect(rows[dividerRow - 1]).toHaveTextContent('m2');
    // At the bottom, the stream is marked read up to its head.
    await waitFor(() => expect(api.callsTo('read:mark')).toContainEqual({ streamId: design.id, seq: msgs[3]!.seq }));
  });

  it('shows pending and failed sends; Retry and Discard call the outbox', async () => {
    const { api, design, alice } = w;
    const pending = makeMessage(design, alice, 'on its way', { status: 'pending' });
    const failed = makeMessage(design, alice, 'refused', {
      status: 'failed',
      failureReason: 'POLICY_BLOCKED: link to evil.example is not allowed',
    });
    api.messages.push(makeMessage(design, alice, 'sent'), pending, failed);
    const user = userEvent.setup();
    await renderSignedIn(<MessageList streamId={design.id} />, design.id);
    expect(screen.getByTestId('message-pending')).toHaveTextContent('Sending…');
    const failedEl = screen.getByTestId('message-failed');
    // The reason in the reader's language, from its code; the core's own words on hover.
    expect(failedEl).toHaveTextContent('Not sent: Your organization’s policy does not allow this');
    expect(within(failedEl).getByTitle('POLICY_BLOCKED: link to evil.example is not allowed')).toBeInTheDocument();
    await user.click(within(failedEl).getByRole('button', { name: 'Retry' }));
    expect(api.callsTo('outbox:retry')).toEqual([{ clientId: failed.clientId }]);
    // The fake moves it back to pending; the list re-reads and shows that.
    await waitFor(() => expect(screen.getAllByTestId('message-pending')).toHaveLength(2));
    api.messages = api.messages.map((m) =>
      m.id === failed.id ? { ...m, status: 'failed', failureReason: 'INVALID: again' } : m,
    );
    await act(() => useStore.getState().loadLatest(design.id));
    await user.click(within(screen.getByTestId('message-failed')).getByRole('button', { name: 'Discard' }));
    expect(api.callsTo('outbox:discard')).toEqual([{ clientId: failed.clientId }]);
    await waitFor(() => expect(screen.queryByText('refused')).not.toBeInTheDocument());
  });

  it('renders only a window of rows for 100,000 messages', async () => {
    const { design, bob, alice } = w;
    const items = longHistory(design, [alice, bob, bob], 100_000, { from: base, stepMs: 60_000 });
    await renderSignedIn(<div />);
    showLoaded(design.id, { [design.id]: items });
    await renderSignedIn(<MessageList streamId={design.id} />);
    const rendered = screen.getAllByTestId('message-item');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(100);
    // The window is the newest end of the history.
    expect(screen.getByText('message 99999')).toBeInTheDocument();
    expect(screen.queryByText('message 0')).not.toBeInTheDocument();
    // Cost is proven by the row count above, not by wall-clock time (the machine is shared).
  }, 60_000);

  it('loads an older page from the cache when scrolled to the top, then asks the server', async () => {
    const { api, design, bob } = w;
    const all = Array.from({ length: PAGE_SIZE + 30 }, (_, i) =>
      makeMessage(design, bob, `old ${i}`, { createdAt: base + i * 1000 }),
    );
    api.messages.push(...all);
    await renderSignedIn(<MessageList streamId={design.id} />, design.id);
    expect(useStore.getState().messages[design.id]!.items).toHaveLength(PAGE_SIZE);
    const list = screen.getByTestId('message-list');
    list.scrollTop = 0;
    fireEvent.scroll(list);
    await waitFor(() => expect(useStore.getState().messages[design.id]!.items).toHaveLength(PAGE_SIZE + 30));
    expect(api.callsTo('message:list')).toContainEqual({
      streamId: design.id,
      beforeSeq: all[30]!.seq,
      limit: PAGE_SIZE,
    });
    // The cache is exhausted now: the next scroll to the top fetches from the server.
    fireEvent.scroll(list);
    await waitFor(() => expect(api.callsTo('message:fetchOlder')).toEqual([{ streamId: design.id }]));
  });

  it('re-reads the shown stream on data:changed', async () => {
    const { api, design, bob } = w;
    api.messages.push(makeMessage(design, bob, 'first'));
    await renderSignedIn(<MessageList streamId={design.id} />, design.id);
    api.messages.push(makeMessage(design, bob, 'arrived live'));
    act(() => api.emit('data:changed', { accountId: api.me.id, streamIds: [design.id], kinds: ['messages'] }));
    expect(await screen.findByText('arrived live')).toBeInTheDocument();
  });
});

describe('message actions', () => {
  it('toggles reactions, shows (edited), and deletes own messages after confirming', async () => {
    const { api, design, alice, bob } = w;
    const mine = makeMessage(design, alice, 'mine to delete');
    const theirs = makeMessage(design, bob, 'edited body', { editedAt: Date.now(), reactions: { '👍': [bob.id] } });
    api.messages.push(theirs, mine);
    const user = userEvent.setup();
    await renderSignedIn(<MessageList streamId={design.id} />, design.id);
    const theirsEl = screen.getByText('edited body').closest('article')!;
    expect(within(theirsEl).getByText('(edited)')).toBeInTheDocument();
    // Only own messages can be edited or deleted.
    expect(within(theirsEl).queryByRole('button', { name: 'Delete message' })).not.toBeInTheDocument();
    await user.click(within(theirsEl).getByRole('button', { name: /👍 1 reaction/ }));
    expect(api.callsTo('reaction:toggle')).toEqual([{ messageId: theirs.id, emoji: '👍' }]);
    expect(await within(theirsEl).findByRole('button', { name: /👍 2 reactions, including yours/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await user.click(within(theirsEl).getByRole('button', { name: 'Add reaction' }));
    await user.keyboard(':tada');
    await user.keyboard('{Enter}');
    expect(api.callsTo('reaction:toggle')).toContainEqual({ messageId: theirs.id, emoji: '🎉' });

    const mineEl = screen.getByText('mine to delete').closest('article')!;
    await user.click(within(mineEl).getByRole('button', { name: 'Delete message' }));
    expect(api.callsTo('message:delete')).toEqual([]);
    await user.click(within(mineEl).getByRole('button', { name: 'Delete' }));
    expect(api.callsTo('message:delete')).toEqual([{ messageId: mine.id }]);
    expect(await screen.findByText('This message was deleted.')).toBeInTheDocument();
  });
});

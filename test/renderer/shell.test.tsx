import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { useStore } from '../../renderer/src/store';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

describe('sidebar and quick switcher', () => {
  it('lists the org stream first, then teams with unread and mention badges', async () => {
    w.design.unread = 4;
    w.design.mentions = 1;
    await renderSignedIn(<App />);
    const items = await screen.findAllByTestId('stream-item');
    expect(items.map((i) => i.textContent)).toEqual(['◎Acme', '#Design@14', '#Ops']);
    const design = screen.getByRole('button', { name: 'Design, 4 unread, 1 mention' });
    expect(within(design).getByTestId('unread-badge')).toHaveTextContent('4');
    expect(within(design).getByTestId('mention-badge')).toHaveTextContent('@1');
  });

  it('opens with Ctrl+K, filters by name, Enter opens, Escape closes', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Switch stream' });
    await user.type(within(dialog).getByLabelText('Stream name'), 'op');
    expect(
      within(dialog)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['# Ops']);
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(useStore.getState().selectedStreamId).toBe(w.ops.id);
    expect(await screen.findByTestId('stream-title')).toHaveTextContent('Ops');
    await user.keyboard('{Meta>}k{/Meta}');
    await screen.findByRole('dialog', { name: 'Switch stream' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('bumps the mention badge and shows a toast on a notification push', async () => {
    await renderSignedIn(<App />);
    await screen.findAllByTestId('stream-item');
    act(() =>
      w.api.emit('notification', {
        accountId: w.api.me.id,
        kind: 'mention',
        streamId: w.ops.id,
        messageId: null,
        promotionId: null,
        actorId: w.bob.id,
        actorName: 'Bob',
        text: 'can you look?',
        at: Date.now(),
      }),
    );
    const ops = screen.getByRole('button', { name: 'Ops, 1 mention' });
    expect(within(ops).getByTestId('mention-badge')).toHaveTextContent('@1');
    expect(screen.getByTestId('toasts')).toHaveTextContent('Bob mentioned you: can you look?');
  });
});

describe('status banner', () => {
  it('shows offline with the unsent count, then catch-up progress', async () => {
    await renderSignedIn(<App />);
    act(() =>
      w.api.emit('sync:status', {
        accountId: w.api.me.id,
        state: 'offline',
        done: 0,
        total: 0,
        pendingCount: 3,
        lastError: null,
      }),
    );
    const banner = screen.getByTestId('status-banner');
    expect(banner).toHaveAttribute('role', 'status');
    expect(banner).toHaveTextContent('offline');
    expect(banner).toHaveTextContent('3 unsent messages');
    act(() =>
      w.api.emit('sync:status', {
        accountId: w.api.me.id,
        state: 'catchingUp',
        done: 2,
        total: 5,
        pendingCount: 0,
        lastError: null,
      }),
    );
    const bar = screen.getByRole('progressbar', { name: 'Catch-up progress' });
    expect(bar).toHaveAttribute('value', '2');
    expect(bar).toHaveAttribute('max', '5');
    act(() =>
      w.api.emit('sync:status', {
        accountId: w.api.me.id,
        state: 'live',
        done: 5,
        total: 5,
        pendingCount: 0,
        lastError: null,
      }),
    );
    expect(screen.getByTestId('status-banner')).toHaveTextContent('');
  });
});

describe('search panel', () => {
  it('opens with Ctrl+F, highlights snippets and opens the hit', async () => {
    const { api, design, bob } = w;
    const hit = makeMessage(design, bob, 'the quarterly roadmap is ready');
    api.messages.push(hit, makeMessage(design, bob, 'unrelated'));
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await screen.findAllByTestId('stream-item');
    await user.keyboard('{Control>}f{/Control}');
    const panel = await screen.findByTestId('search-panel');
    await user.type(within(panel).getByRole('searchbox', { name: 'Search messages' }), 'roadmap');
    const result = await within(panel).findByTestId('search-hit', {}, { timeout: 2000 });
    expect(result.querySelector('mark')).toHaveTextContent('roadmap');
    expect(result).toHaveTextContent('Bob in Design');
    await user.selectOptions(within(panel).getByLabelText('Stream filter'), w.ops.id);
    await waitFor(() =>
      expect(api.callsTo('search:query')).toContainEqual({ query: 'roadmap', streamId: w.ops.id, limit: 50 }),
    );
    await waitFor(() => expect(within(panel).queryByTestId('search-hit')).not.toBeInTheDocument());
    await user.selectOptions(within(panel).getByLabelText('Stream filter'), '');
    await user.click(await within(panel).findByTestId('search-hit', {}, { timeout: 2000 }));
    expect(useStore.getState().selectedStreamId).toBe(design.id);
    // A top-level hit scrolls the stream to the message and flashes it; no thread opens.
    const item = await screen.findByText('the quarterly roadmap is ready', {
      selector: '[data-testid="message-list"] p',
    });
    expect(item.closest('article')).toHaveAttribute('data-highlighted', 'true');
    expect(useStore.getState().thread).toBeNull();
  });
});

describe('desktop shell commands', () => {
  it('opens streams, messages, the switcher and search on ui:command', async () => {
    const { api, design, bob } = w;
    const m = makeMessage(design, bob, 'linked from a notification');
    api.messages.push(m);
    await renderSignedIn(<App />);
    await screen.findAllByTestId('stream-item');
    act(() => api.emit('ui:command', { kind: 'openStream', streamId: w.ops.id }));
    expect(await screen.findByTestId('stream-title')).toHaveTextContent('Ops');
    // A top-level message is scrolled to and flashed in its stream, like a search hit.
    act(() => api.emit('ui:command', { kind: 'openMessage', messageId: m.id, streamId: design.id }));
    const linked = await screen.findByText('linked from a notification', {
      selector: '[data-testid="message-list"] p',
    });
    await waitFor(() => expect(linked.closest('article')).toHaveAttribute('data-highlighted', 'true'));
    expect(screen.getByTestId('stream-title')).toHaveTextContent('Design');
    expect(useStore.getState().thread).toBeNull();
    // A reply opens its thread instead.
    const reply = { ...makeMessage(design, bob, 'a reply linked from a notification'), threadRootId: m.id };
    api.messages.push(reply);
    act(() => api.emit('ui:command', { kind: 'openMessage', messageId: reply.id, streamId: design.id }));
    expect(await screen.findByTestId('thread-root')).toHaveTextContent('linked from a notification');
    act(() => api.emit('ui:command', { kind: 'openSwitcher' }));
    expect(await screen.findByRole('dialog', { name: 'Switch stream' })).toBeInTheDocument();
    act(() => api.emit('ui:command', { kind: 'openSearch' }));
    expect(await screen.findByTestId('search-panel')).toBeInTheDocument();
  });
});

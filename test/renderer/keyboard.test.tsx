import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
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

describe('keyboard shortcuts', () => {
  it('Alt+Up / Alt+Down move between streams in sidebar order, from anywhere', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.org.id);
    await screen.findAllByTestId('stream-item');
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(useStore.getState().selectedStreamId).toBe(w.design.id);
    // Even while typing in the composer.
    await user.click(await screen.findByRole('textbox', { name: 'Message Design' }));
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(useStore.getState().selectedStreamId).toBe(w.ops.id);
    expect(await screen.findByTestId('stream-title')).toHaveTextContent('Ops');
    // The ends stop rather than wrap.
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(useStore.getState().selectedStreamId).toBe(w.ops.id);
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}{Alt>}{ArrowUp}{/Alt}{Alt>}{ArrowUp}{/Alt}');
    expect(useStore.getState().selectedStreamId).toBe(w.org.id);
    expect(screen.getByRole('button', { name: 'Acme' })).toHaveAttribute('aria-current', 'page');
  });

  it('Escape closes the thread panel, but first closes what sits inside it', async () => {
    const { api, design, bob } = w;
    const root = makeMessage(design, bob, 'a root', { replyCount: 1 });
    api.messages.push(root, makeMessage(design, bob, 'a reply', { threadRootId: root.id }));
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.click(await screen.findByTestId('reply-count'));
    const thread = await screen.findByTestId('thread-panel');
    const reply = within(thread).getByRole('textbox', { name: 'Reply in thread' });
    await user.click(reply);
    // An open @-autocomplete takes the first Escape.
    await user.type(reply, '@bo');
    expect(await within(thread).findByTestId('autocomplete')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(within(thread).queryByTestId('autocomplete')).not.toBeInTheDocument();
    expect(screen.getByTestId('thread-panel')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('thread-panel')).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Message Design' })).toHaveFocus();

    // From the message list too.
    await user.click(screen.getByTestId('reply-count'));
    await screen.findByTestId('thread-panel');
    screen.getByTestId('message-list').focus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('thread-panel')).not.toBeInTheDocument();
  });

  it('Ctrl/Cmd+K and Ctrl/Cmd+F work from the composers and refocus an open search', async () => {
    const { api, design, bob } = w;
    const root = makeMessage(design, bob, 'a root', { replyCount: 0 });
    api.messages.push(root);
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.click(await screen.findByRole('button', { name: 'Reply in thread' }));
    await user.click(await screen.findByRole('textbox', { name: 'Reply in thread' }));
    await user.keyboard('{Meta>}k{/Meta}');
    expect(await screen.findByRole('dialog', { name: 'Switch stream' })).toBeInTheDocument();
    // Ctrl+F from inside the switcher swaps it for search.
    await user.keyboard('{Control>}f{/Control}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const box = await screen.findByRole<HTMLInputElement>('searchbox', { name: 'Search messages' });
    expect(box).toHaveFocus();
    await user.type(box, 'roadmap');
    await user.click(screen.getByRole('textbox', { name: 'Message Design' }));
    await user.keyboard('{Control>}f{/Control}');
    expect(box).toHaveFocus();
    expect(box.selectionStart).toBe(0);
    expect(box.selectionEnd).toBe('roadmap'.length);
  });

  it('PageUp / PageDown scroll the message list, from the list and from the composer', async () => {
    const { api, design, bob } = w;
    api.messages.push(...Array.from({ length: 200 }, (_, i) => makeMessage(design, bob, `line ${i}`)));
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    const list = await screen.findByTestId('message-list');
    // jsdom has no layout: give the list a viewport and a scroll height, parked at the bottom.
    Object.defineProperty(list, 'clientHeight', { configurable: true, value: 500 });
    Object.defineProperty(list, 'scrollHeight', { configurable: true, value: 20_000 });
    list.scrollTop = 19_500;
    fireEvent.scroll(list);

    list.focus();
    await user.keyboard('{PageUp}');
    expect(list.scrollTop).toBe(19_050);
    expect(await screen.findByTestId('jump-latest')).toBeInTheDocument();
    await user.keyboard('{PageUp}');
    expect(list.scrollTop).toBe(18_600);

    await user.click(screen.getByRole('textbox', { name: 'Message Design' }));
    await user.keyboard('{PageDown}');
    expect(list.scrollTop).toBe(19_050);
    await user.keyboard('{PageDown}');
    expect(list.scrollTop).toBe(19_500);
    await waitFor(() => expect(screen.queryByTestId('jump-latest')).not.toBeInTheDocument());
  });

  it('focus lands in the composer when a focused panel closes or the focused list goes away', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await screen.findByRole('textbox', { name: 'Message Design' });
    await user.keyboard('{Control>}f{/Control}');
    expect(await screen.findByRole('searchbox', { name: 'Search messages' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('search-panel')).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Message Design' })).toHaveFocus();
    // The list of the old stream unmounts on a switch; focus follows to the new composer.
    w.api.messages.push(makeMessage(w.design, w.bob, 'something to list'));
    await act(() => useStore.getState().loadLatest(w.design.id));
    screen.getByTestId('message-list').focus();
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(await screen.findByRole('textbox', { name: 'Message Ops' })).toHaveFocus();
  });
});

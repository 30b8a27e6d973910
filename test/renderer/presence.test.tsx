// Presence, typing, who reacted and the emoji picker in the renderer, against the fake IPC contract.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { Composer } from '../../renderer/src/components/Composer';
import { PresenceBar } from '../../renderer/src/components/PresenceBar';
import { PresenceSettings } from '../../renderer/src/components/PresenceSettings';
import { ReactionPicker, Reactions } from '../../renderer/src/components/Reactions';
import { TypingIndicator } from '../../renderer/src/components/TypingIndicator';
import { searchEmoji } from '../../renderer/src/lib/emojiSearch';
import { recentEmoji } from '../../renderer/src/lib/recentEmoji';
import { TypingThrottle } from '../../renderer/src/lib/typingThrottle';
import { useStore } from '../../renderer/src/store';
import { makeUser } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
  localStorage.clear();
  useStore.setState({ sync: { ...useStore.getState().sync, state: 'live' } });
});

describe('presence', () => {
  it('lists who is online in the stream and follows presence pushes of the shown account only', async () => {
    const { api, design, alice, bob, carol } = w;
    api.online[design.id] = [bob.id, alice.id];
    await renderSignedIn(<PresenceBar streamId={design.id} />, design.id);
    const bar = await screen.findByTestId('presence');
    await waitFor(() => expect(bar).toHaveTextContent('Online: Alice and Bob'));

    act(() =>
      api.emit('presence:changed', { accountId: alice.id, streamId: design.id, online: [carol.id], offline: [bob.id] }),
    );
    expect(bar).toHaveTextContent('Online: Alice and Carol Jones');
    // another open account's push changes nothing here
    act(() => api.emit('presence:changed', { accountId: bob.id, streamId: design.id, online: [bob.id], offline: [] }));
    expect(bar).toHaveTextContent('Online: Alice and Carol Jones');
  });

  it('shows nothing while offline (presence is never cached)', async () => {
    const { api, design, bob } = w;
    api.online[design.id] = [bob.id];
    useStore.setState({ sync: { ...useStore.getState().sync, state: 'offline' } });
    await renderSignedIn(<PresenceBar streamId={design.id} />, design.id);
    expect(screen.queryByTestId('presence')).not.toBeInTheDocument();
  });

  it('counts the names past five', async () => {
    const { api, design } = w;
    const many = Array.from({ length: 7 }, (_, i) => makeUser(`user${i}`));
    api.users.push(...many);
    api.online[design.id] = many.map((u) => u.id);
    await renderSignedIn(<PresenceBar streamId={design.id} />, design.id);
    await waitFor(() => expect(screen.getByTestId('presence')).toHaveTextContent('and 2 others'));
  });

  it('opts out in Settings, on the server', async () => {
    const { api } = w;
    const user = userEvent.setup();
    await renderSignedIn(<PresenceSettings />);
    const box = await screen.findByRole('checkbox', { name: 'Show others when I am online' });
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).toBeChecked();
    await user.click(box);
    expect(api.callsTo('presence:set')).toEqual([{ visible: false }]);
    await waitFor(() => expect(box).not.toBeChecked());
  });
});

describe('typing', () => {
  it('sends one signal per interval while typing and one stop, only after a start', () => {
    const sent: Array<[string, boolean]> = [];
    const t = new TypingThrottle((id, on) => sent.push([id, on]), 3000);
    t.stopped(); // nothing started: nothing to stop
    t.typed('s1', 1000);
    t.typed('s1', 2000);
    t.typed('s1', 3999);
    t.typed('s1', 4000);
    t.typed('s2', 4100); // another stream: the first one stops
    t.stopped();
    t.stopped();
    expect(sent).toEqual([
      ['s1', true],
      ['s1', true],
      ['s1', false],
      ['s2', true],
      ['s2', false],
    ]);
  });

  it('tells others from the composer: a start while typing, a stop on send', async () => {
    const { api, design } = w;
    const user = userEvent.setup();
    await renderSignedIn(<Composer streamId={design.id} label="Message Design" />, design.id);
    await user.type(screen.getByRole('textbox', { name: 'Message Design' }), 'hello');
    expect(api.callsTo('typing:signal')).toEqual([{ streamId: design.id, typing: true }]);
    await user.keyboard('{Enter}');
    expect(api.callsTo('typing:signal')).toEqual([
      { streamId: design.id, typing: true },
      { streamId: design.id, typing: false },
    ]);
  });

  it('shows who is typing, and forgets a signal that expired', async () => {
    const { api, design, alice, bob, carol } = w;
    await renderSignedIn(<TypingIndicator streamId={design.id} />, design.id);
    const line = screen.getByTestId('typing-indicator');
    act(() => api.emit('typing:changed', { accountId: alice.id, streamId: design.id, userId: bob.id, typing: true }));
    expect(line).toHaveTextContent('Bob is typing…');
    act(() => api.emit('typing:changed', { accountId: alice.id, streamId: design.id, userId: carol.id, typing: true }));
    expect(line).toHaveTextContent('Bob and Carol Jones are typing…');
    act(() =>
      api.emit('typing:changed', { accountId: alice.id, streamId: design.id, userId: carol.id, typing: false }),
    );
    expect(line).toHaveTextContent('Bob is typing…');
    // bob's stop never came: his signal expires
    act(() => useStore.getState().expireTyping(Date.now() + 7000));
    expect(line).toHaveTextContent('');
  });

  it('speaks Finnish', async () => {
    const { api, design, alice, bob } = w;
    useStore.setState({ locale: 'fi' });
    await renderSignedIn(<TypingIndicator streamId={design.id} />, design.id);
    act(() => api.emit('typing:changed', { accountId: alice.id, streamId: design.id, userId: bob.id, typing: true }));
    expect(screen.getByTestId('typing-indicator')).toHaveTextContent('Bob kirjoittaa…');
  });
});

describe('who reacted', () => {
  it('names the reactors on focus and hover, "you and N others" past three, and hides on Escape', async () => {
    const { design, alice, bob, carol } = w;
    const others = [makeUser('dan'), makeUser('eve')];
    useStore.setState({ users: [bob, carol, ...others] });
    const user = userEvent.setup();
    await renderSignedIn(
      <Reactions
        messageId={design.id}
        myId={alice.id}
        reactions={{ '👍': [bob.id, alice.id, carol.id, ...others.map((u) => u.id)], '🎉': [bob.id, alice.id] }}
      />,
    );
    const thumbs = screen.getByRole('button', { name: /👍 5 reactions, including yours/ });
    expect(thumbs).toHaveAccessibleDescription('You and 4 others reacted with 👍');
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument(); // hidden until hover or focus

    await user.tab();
    expect(thumbs).toHaveFocus();
    expect(screen.getByRole('tooltip')).toHaveTextContent('You and 4 others reacted with 👍');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();

    const party = screen.getByRole('button', { name: /🎉 2 reactions/ });
    await user.hover(party.parentElement!);
    expect(screen.getByRole('tooltip')).toHaveTextContent('You and Bob reacted with 🎉');
  });
});

describe('emoji picker', () => {
  it('finds emoji by name, keyword and shortcode', () => {
    expect(searchEmoji('thumbs up')[0]?.emoji).toBe('👍️');
    expect(searchEmoji(':tada:')[0]?.emoji).toBe('🎉');
    expect(searchEmoji('thu up').map((e) => e.emoji)).toContain('👍️');
    expect(searchEmoji('zzzznotanemoji')).toEqual([]);
  });

  it('is keyboard navigable, reacts with the pick and remembers it first next time', async () => {
    const { api, design } = w;
    const user = userEvent.setup();
    await renderSignedIn(<ReactionPicker messageId={design.id} />);
    await user.click(screen.getByRole('button', { name: 'Add reaction' }));
    const search = screen.getByRole('combobox', { name: 'Search emoji' });
    expect(search).toHaveFocus();
    await user.keyboard('heart');
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowRight}');
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    const picked = options[1]!.textContent!;
    await user.keyboard('{Enter}');
    expect(api.callsTo('reaction:toggle')).toEqual([{ messageId: design.id, emoji: picked }]);
    expect(recentEmoji()).toEqual([picked]);

    await user.click(screen.getByRole('button', { name: 'Add reaction' }));
    expect(screen.getByText('Recently used')).toBeInTheDocument();
    expect(within(screen.getByRole('listbox')).getAllByRole('option')[0]).toHaveTextContent(picked);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Emoji picker' })).not.toBeInTheDocument();
  });
});

// "Is typing" in a thread: the thread's reply box signals with the thread's root id, and a signal
// for a thread shows in that thread's composer only, not under the stream nor in another thread.
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { Composer } from '../../renderer/src/components/Composer';
import { useStore } from '../../renderer/src/store';
import { TypingThrottle } from '../../renderer/src/lib/typingThrottle';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;
const ROOT = '01890000-0000-7000-8000-0000000000a1';
const OTHER_ROOT = '01890000-0000-7000-8000-0000000000b2';

beforeEach(() => {
  w = world();
  useStore.setState({ sync: { ...useStore.getState().sync, state: 'live' } });
});

function Both() {
  return (
    <>
      <Composer streamId={w.design.id} label="Message Design" />
      <Composer streamId={w.design.id} threadRootId={ROOT} label="Reply in thread" />
    </>
  );
}

describe('typing in a thread', () => {
  it('shows a thread’s typist in that thread’s composer only', async () => {
    const { api, design, bob, carol } = w;
    await renderSignedIn(<Both />, design.id);
    const thread = within(screen.getByTestId('thread-composer')).getByTestId('typing-indicator');
    const stream = within(screen.getByTestId('composer')).getByTestId('typing-indicator');

    act(() =>
      api.emit('typing:changed', {
        accountId: api.me.id,
        streamId: design.id,
        userId: bob.id,
        typing: true,
        threadRootId: ROOT,
      }),
    );
    expect(thread).toHaveTextContent('Bob is typing…');
    expect(stream).toHaveTextContent('');

    // another thread's typist, and the stream's own: each in its place
    act(() => {
      api.emit('typing:changed', {
        accountId: api.me.id,
        streamId: design.id,
        userId: carol.id,
        typing: true,
        threadRootId: OTHER_ROOT,
      });
      api.emit('typing:changed', { accountId: api.me.id, streamId: design.id, userId: carol.id, typing: true });
    });
    expect(thread).toHaveTextContent('Bob is typing…');
    expect(stream).toHaveTextContent('Carol Jones is typing…');

    act(() =>
      api.emit('typing:changed', {
        accountId: api.me.id,
        streamId: design.id,
        userId: bob.id,
        typing: false,
        threadRootId: ROOT,
      }),
    );
    expect(thread).toHaveTextContent('');
  });

  it('signals from the reply box with the thread’s root id, and stops on blur', async () => {
    const user = userEvent.setup();
    const { api, design } = w;
    await renderSignedIn(<Both />, design.id);
    await user.type(screen.getByLabelText('Reply in thread'), 'on it');
    await user.click(screen.getByLabelText('Message Design'));
    expect(api.callsTo('typing:signal')).toEqual([
      { streamId: design.id, typing: true, threadRootId: ROOT },
      { streamId: design.id, typing: false, threadRootId: ROOT },
    ]);
  });

  it('the throttle treats a thread as its own place: moving to it stops the stream first', () => {
    const sent: Array<[string, boolean, string | undefined]> = [];
    const t = new TypingThrottle((id, on, root) => sent.push([id, on, root]), 3000);
    t.typed('s1', 1000);
    t.typed('s1', 1500, ROOT);
    t.typed('s1', 2000, ROOT);
    t.stopped();
    expect(sent).toEqual([
      ['s1', true, undefined],
      ['s1', false, undefined],
      ['s1', true, ROOT],
      ['s1', false, ROOT],
    ]);
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

describe('thread panel', () => {
  it('opens from the reply count, shows root and replies, and replies with threadRootId', async () => {
    const { api, design, alice, bob } = w;
    const root = makeMessage(design, bob, 'Should we ship on Friday?', { replyCount: 2 });
    api.messages.push(
      root,
      makeMessage(design, alice, 'Yes, if QA agrees', { threadRootId: root.id }),
      makeMessage(design, bob, 'QA agrees', { threadRootId: root.id }),
    );
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    // Replies are not part of the stream's top-level list.
    expect(screen.queryByText('QA agrees')).not.toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: '2 replies' }));
    const panel = await screen.findByTestId('thread-panel');
    expect(api.callsTo('thread:get')).toContainEqual({ rootId: root.id });
    expect(within(panel).getByTestId('thread-root')).toHaveTextContent('Should we ship on Friday?');
    expect(within(panel).getByText('Yes, if QA agrees')).toBeInTheDocument();
    expect(within(panel).getByText('QA agrees')).toBeInTheDocument();

    await user.type(within(panel).getByLabelText('Reply in thread'), 'Shipping it{Enter}');
    expect(api.callsTo('message:send')).toEqual([{ streamId: design.id, body: 'Shipping it', threadRootId: root.id }]);
    // The panel re-reads the thread and shows the pending reply.
    await waitFor(() => expect(within(panel).getByText('Shipping it')).toBeInTheDocument());
    expect(within(panel).getByTestId('message-pending')).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'Close thread' }));
    expect(screen.queryByTestId('thread-panel')).not.toBeInTheDocument();
  });

  it('opens an empty thread from the Reply action and keeps the thread draft separate', async () => {
    const { api, design, bob } = w;
    const root = makeMessage(design, bob, 'A fresh topic');
    api.messages.push(root);
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.type(screen.getByLabelText('Message Design'), 'stream draft');
    await user.click(await screen.findByRole('button', { name: 'Reply in thread' }));
    const panel = await screen.findByTestId('thread-panel');
    const threadBox = within(panel).getByLabelText('Reply in thread');
    expect(threadBox).toHaveValue('');
    expect(screen.getByLabelText('Message Design')).toHaveValue('stream draft');
  });
});

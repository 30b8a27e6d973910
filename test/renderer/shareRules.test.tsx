import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { uuidv7 } from '../../shared/domain/ids';
import type { Promotion } from '../../shared/protocol';
import type { MessageView } from '../../shared/ipc';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

function proposal(m: MessageView, state: Promotion['state']): Promotion {
  return {
    id: uuidv7(),
    messageId: m.id,
    sourceStreamId: m.streamId,
    sourceTeamId: w.design.teamId!,
    targetStreamId: w.org.id,
    authorId: m.authorId,
    proposerId: w.alice.id,
    note: null,
    snapshotBody: m.body,
    state,
    declinedBy: null,
    deciderId: null,
    decisionNote: null,
    orgMessageId: null,
    unpublishRequested: false,
    createdAt: Date.now(),
    updatedAt: Date.now(),
  };
}

function shareButtonOf(text: string) {
  const article = screen.getByText(text).closest('article')!;
  return within(article).queryByRole('button', { name: 'Share to organization' });
}

describe('"Share to organization" is offered only where it can succeed', () => {
  it('hides it on shared, deleted, pending, failed and already proposed messages', async () => {
    const { api, design, alice, bob } = w;
    const proposed = makeMessage(design, bob, 'proposed already');
    const declined = makeMessage(design, bob, 'declined before');
    api.messages.push(
      makeMessage(design, bob, 'plain team message'),
      makeMessage(design, bob, 'shared already', { sharedAt: Date.now() }),
      makeMessage(design, alice, 'gone', { deletedAt: Date.now() }),
      proposed,
      declined,
      makeMessage(design, alice, 'still sending', { status: 'pending' }),
      makeMessage(design, alice, 'could not send', { status: 'failed', failureReason: 'offline too long' }),
    );
    api.promotions.push(proposal(proposed, 'awaiting_approval'), proposal(declined, 'declined'));
    await renderSignedIn(<App />, design.id);
    await screen.findByText('plain team message');
    expect(shareButtonOf('plain team message')).toBeInTheDocument();
    expect(shareButtonOf('shared already')).not.toBeInTheDocument();
    expect(shareButtonOf('This message was deleted.')).not.toBeInTheDocument();
    expect(shareButtonOf('still sending')).not.toBeInTheDocument();
    expect(shareButtonOf('could not send')).not.toBeInTheDocument();
    // An open proposal of mine (known from promotion:list 'mine') blocks a second one;
    // a declined one does not.
    await waitFor(() => expect(shareButtonOf('proposed already')).not.toBeInTheDocument());
    expect(shareButtonOf('declined before')).toBeInTheDocument();
    expect(api.callsTo('promotion:list')).toContainEqual({ scope: 'mine' });
  });

  it('hides it on replies and in the org stream, and once proposed', async () => {
    const { api, design, org, bob } = w;
    const root = makeMessage(design, bob, 'thread root', { replyCount: 1 });
    api.messages.push(
      root,
      makeMessage(design, bob, 'a reply', { threadRootId: root.id }),
      makeMessage(org, bob, 'in the org stream'),
    );
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.click(await screen.findByTestId('reply-count'));
    const thread = await screen.findByTestId('thread-panel');
    const reply = (await within(thread).findByText('a reply')).closest('article')!;
    expect(within(reply).queryByRole('button', { name: 'Share to organization' })).not.toBeInTheDocument();
    expect(
      within(within(thread).getByTestId('thread-root')).getByRole('button', { name: 'Share to organization' }),
    ).toBeInTheDocument();
    await user.click(within(thread).getByRole('button', { name: 'Close thread' }));

    // Proposing removes the action from the message.
    await user.click(shareButtonOf('thread root')!);
    const dialog = await screen.findByRole('dialog', { name: 'Share to organization' });
    await user.click(within(dialog).getByRole('button', { name: 'Propose for organization' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(shareButtonOf('thread root')).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Acme' }));
    await screen.findByText('in the org stream');
    expect(shareButtonOf('in the org stream')).not.toBeInTheDocument();
  });
});

import { act, screen, waitFor, within } from '@testing-library/react';
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
  it('follows the server: offered exactly where promotion:permissions says so, asked in one request', async () => {
    const { api, design, org, bob, alice } = w;
    const allowed = makeMessage(design, bob, 'the server allows this one');
    const refused = makeMessage(design, bob, 'the server refuses this one (say, a blocked link)');
    const copyMayUnpublish = makeMessage(org, bob, 'an org copy I curate', {
      provenance: { promotionId: uuidv7() } as MessageView['provenance'],
    });
    api.messages.push(allowed, refused, makeMessage(design, alice, 'gone', { deletedAt: Date.now() }));
    api.sharing[refused.id] = { propose: false };
    await renderSignedIn(<App />, design.id);
    await screen.findByText('the server allows this one');
    await waitFor(() => expect(shareButtonOf('the server allows this one')).toBeInTheDocument());
    expect(shareButtonOf('the server refuses this one (say, a blocked link)')).not.toBeInTheDocument();
    // one request for what is on screen; deleted messages show no actions, so they are not asked about
    const asked = api.callsTo('promotion:permissions') as Array<{ messageIds: string[] }>;
    expect(asked).toHaveLength(1);
    expect(new Set(asked[0]!.messageIds)).toEqual(new Set([allowed.id, refused.id]));

    // a promotion moved (data:changed 'promotions'): ask again, and follow the new answer
    api.sharing[allowed.id] = { propose: false };
    act(() => api.emit('data:changed', { accountId: api.me.id, streamIds: [design.id], kinds: ['promotions'] }));
    await waitFor(() => expect(shareButtonOf('the server allows this one')).not.toBeInTheDocument());

    // Unpublish on an org copy: only where the server says I may
    api.messages.push(copyMayUnpublish);
    api.sharing[copyMayUnpublish.id] = { unpublish: true };
    await userEvent.setup().click(screen.getByRole('button', { name: 'Acme' }));
    await screen.findByText('an org copy I curate');
    const copy = screen.getByText('an org copy I curate').closest('article')!;
    expect(await within(copy).findByRole('button', { name: 'Unpublish' })).toBeInTheDocument();
  });

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
    await waitFor(() => expect(shareButtonOf('plain team message')).toBeInTheDocument());
    expect(shareButtonOf('shared already')).not.toBeInTheDocument();
    expect(shareButtonOf('This message was deleted.')).not.toBeInTheDocument();
    expect(shareButtonOf('still sending')).not.toBeInTheDocument();
    expect(shareButtonOf('could not send')).not.toBeInTheDocument();
    // An open proposal blocks a second one; a declined one does not (the server's answer).
    await waitFor(() => expect(shareButtonOf('proposed already')).not.toBeInTheDocument());
    expect(shareButtonOf('declined before')).toBeInTheDocument();
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

// Direct messages in the renderer: the sidebar section, starting one from an author's name, the
// quick switcher and the people picker; no share action inside; a clear refusal offline.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { useStore } from '../../renderer/src/store';
import { makeMessage, makeUser } from './fakeApi';
import { makeDirect } from './fakeDirect';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

/** The userIds of every dm:open the renderer asked for. */
const opened = () => w.api.callsTo('dm:open').map((r) => (r as { userIds: string[] }).userIds);

describe('direct messages', () => {
  it('lists conversations in their own section, named after the others, with unread badges', async () => {
    const dm = makeDirect(w.alice, [w.bob], { unread: 2 });
    const group = makeDirect(w.alice, [w.bob, w.carol]);
    w.api.streams.push(dm, group);
    await renderSignedIn(<App />);
    const teams = await screen.findByRole('list', { name: 'Teams' });
    expect(
      within(teams)
        .getAllByTestId('stream-item')
        .map((i) => i.textContent),
    ).toEqual(['#Design', '#Ops']);
    const directs = screen.getByRole('list', { name: 'Direct messages' });
    // a one-to-one conversation shows the other person's avatar (initials without a photo)
    expect(
      within(directs)
        .getAllByTestId('stream-item')
        .map((i) => i.textContent),
    ).toEqual(['BBob2', '@Bob, Carol Jones']);
    expect(within(screen.getByRole('button', { name: 'Bob, 2 unread' })).getByTestId('unread-badge')).toHaveTextContent(
      '2',
    );
  });

  it("starts a conversation from an author's name and shows it", async () => {
    w.api.messages.push(makeMessage(w.design, w.bob, 'ping me'), makeMessage(w.design, w.alice, 'mine'));
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    // a name opens the person's card, which offers a conversation (mine does not: nobody messages themselves)
    const authors = await screen.findAllByTestId('message-author');
    await user.click(authors.find((a) => a.textContent === w.alice.name)!);
    expect(await screen.findByTestId('profile-card')).toBeInTheDocument();
    expect(screen.queryByTestId('profile-message')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.click(authors.find((a) => a.textContent === w.bob.name)!);
    await user.click(await screen.findByTestId('profile-message'));
    await waitFor(() => expect(screen.getByTestId('stream-title')).toHaveTextContent('Bob'));
    expect(opened()).toEqual([[w.bob.id]]);
    const selected = useStore.getState().streams.find((s) => s.id === useStore.getState().selectedStreamId);
    expect(selected).toMatchObject({ kind: 'direct', name: 'Bob' });
    expect(
      within(screen.getByRole('list', { name: 'Direct messages' })).getByRole('button', { name: 'Bob' }),
    ).toHaveAttribute('aria-current', 'page');
  });

  it('finds people in the quick switcher; choosing one opens the conversation', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Switch stream' });
    await user.type(within(dialog).getByLabelText('Stream name'), 'carol');
    expect(
      within(dialog)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Message Carol Jones']);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opened()).toEqual([[w.carol.id]]);
    await waitFor(() => expect(screen.getByTestId('stream-title')).toHaveTextContent('Carol Jones'));
    // the conversation now exists: the switcher finds it as a stream, before the person
    await user.keyboard('{Control>}k{/Control}');
    const again = await screen.findByRole('dialog', { name: 'Switch stream' });
    await user.type(within(again).getByLabelText('Stream name'), 'carol');
    expect(
      within(again)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['@ Carol Jones', 'Message Carol Jones']);
  });

  it('picks up to 8 people for a group conversation', async () => {
    const more = Array.from({ length: 7 }, (_, i) => makeUser(`person${i}`));
    w.api.users.push(...more);
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await user.click(await screen.findByRole('button', { name: 'New conversation' }));
    const dialog = await screen.findByRole('dialog', { name: 'New conversation' });
    const start = within(dialog).getByRole('button', { name: 'Start conversation' });
    expect(start).toBeDisabled();
    // nine colleagues listed (never me); eight may be chosen
    const boxes = within(dialog).getAllByRole('checkbox');
    expect(boxes).toHaveLength(9);
    for (const box of boxes.slice(0, 8)) await user.click(box);
    expect(boxes[8]).toBeDisabled();
    expect(dialog).toHaveTextContent('8 people chosen, up to 8.');
    await user.click(boxes[7]!);
    expect(boxes[8]).toBeEnabled();
    await user.type(within(dialog).getByRole('searchbox', { name: 'Find people' }), 'bob');
    expect(within(dialog).getAllByRole('checkbox')).toHaveLength(1);
    await user.click(start);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opened()).toHaveLength(1);
    expect(opened()[0]).toHaveLength(7);
    expect(opened()[0]).toContain(w.bob.id);
  });

  it('offers no share action in a conversation, even if a permission answer said so', async () => {
    const dm = makeDirect(w.alice, [w.bob]);
    w.api.streams.push(dm);
    const inDm = makeMessage(dm, w.bob, 'between us');
    const inTeam = makeMessage(w.design, w.bob, 'for the team');
    w.api.messages.push(inDm, inTeam);
    w.api.sharing[inDm.id] = { propose: true };
    await renderSignedIn(<App />, w.design.id);
    // the control: in a team stream the action is there
    expect(await screen.findByRole('button', { name: 'Share to organization' })).toBeInTheDocument();
    useStore.getState().selectStream(dm.id);
    await screen.findByText('between us');
    await waitFor(() => expect(w.api.callsTo('promotion:permissions').length).toBeGreaterThan(0));
    expect(screen.queryByRole('button', { name: 'Share to organization' })).not.toBeInTheDocument();
  });

  it('explains that a new conversation needs the server when offline', async () => {
    w.api.serverOnline = false;
    w.api.messages.push(makeMessage(w.design, w.bob, 'ping me'));
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByTestId('message-author'));
    await user.click(await screen.findByTestId('profile-message'));
    expect(await screen.findByTestId('toasts')).toHaveTextContent(
      'You are offline. Starting a conversation needs the server',
    );
    expect(useStore.getState().selectedStreamId).toBe(w.design.id);
  });
});

// An archived team in the app (docs/governance.md#archived-teams): its stream leaves the Teams list for
// a folded "Archived teams" group, still readable, with a notice where the composer was; the change
// shows as soon as the core announces it. Org admins archive and open teams again from the admin
// console, each time after a confirmation.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { fakeAdminOf } from './fakeAdmin';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

/** Archives (or opens) Design in the fake core and announces it, as the core does on stream:changed. */
function setDesignArchived(archived: boolean): void {
  w.api.streams = w.api.streams.map(({ archived: _was, ...s }) =>
    s.id === w.design.id && archived ? { ...s, archived: true } : s,
  );
  act(() => w.api.emit('data:changed', { accountId: w.alice.id, streamIds: [w.design.id], kinds: ['streams'] }));
}

describe('an archived team', () => {
  it('leaves the Teams list for a folded "Archived teams" group, live', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.ops.id);
    const teams = screen.getByRole('list', { name: 'Teams' });
    expect(within(teams).getByRole('button', { name: 'Design' })).toBeInTheDocument();
    expect(screen.queryByTestId('archived-teams')).not.toBeInTheDocument();
    setDesignArchived(true);
    const group = await screen.findByTestId('archived-teams');
    expect(within(teams).queryByRole('button', { name: 'Design' })).not.toBeInTheDocument();
    // folded: the heading shows, the stream is there once it is opened
    expect(group).not.toHaveAttribute('open');
    await user.click(within(group).getByText('Archived teams'));
    expect(group).toHaveAttribute('open');
    expect(within(group).getByRole('button', { name: 'Design' })).toBeVisible();
  });

  it('shows a notice instead of the composer while it is archived', async () => {
    await renderSignedIn(<App />, w.design.id);
    expect(await screen.findByRole('textbox', { name: 'Message Design' })).toBeInTheDocument();
    setDesignArchived(true);
    expect(await screen.findByTestId('archived-notice')).toHaveTextContent(
      'This team is archived: you can read its history',
    );
    expect(screen.queryByRole('textbox', { name: 'Message Design' })).not.toBeInTheDocument();
    expect(screen.getByTestId('stream-title')).toHaveTextContent('Design');
    setDesignArchived(false);
    expect(await screen.findByRole('textbox', { name: 'Message Design' })).toBeInTheDocument();
    expect(screen.queryByTestId('archived-notice')).not.toBeInTheDocument();
  });

  it('offers no reacting, replying or tagging on its messages; an open thread reads but takes no reply', async () => {
    const root = makeMessage(w.design, w.alice, 'a root with a reply', { replyCount: 1 });
    w.api.messages.push(root, makeMessage(w.design, w.bob, 'the reply', { threadRootId: root.id }));
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    const item = (await screen.findByText('a root with a reply')).closest('article')!;
    for (const action of ['Add reaction', 'Reply in thread', 'Add a tag'])
      expect(within(item).getByRole('button', { name: action })).toBeInTheDocument();
    setDesignArchived(true);
    await screen.findByTestId('archived-notice');
    for (const action of ['Add reaction', 'Reply in thread', 'Add a tag'])
      expect(within(item).queryByRole('button', { name: action })).not.toBeInTheDocument();
    await user.click(within(item).getByTestId('reply-count'));
    const thread = await screen.findByTestId('thread-panel');
    expect(await within(thread).findByText('the reply')).toBeInTheDocument();
    expect(within(thread).getByTestId('archived-notice')).toBeInTheDocument();
    expect(within(thread).queryByRole('textbox', { name: 'Reply in thread' })).not.toBeInTheDocument();
  });
});

describe('archiving from the admin console', () => {
  async function teamsTab() {
    w.api.me.orgRole = 'admin';
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Admin console' }));
    const panel = await screen.findByRole('complementary', { name: 'Admin console' });
    await user.click(within(panel).getByRole('tab', { name: 'Teams' }));
    return { user, team: await within(panel).findByTestId('admin-team-design') };
  }

  it('archives after a confirmation, and cancelling changes nothing', async () => {
    const { user, team } = await teamsTab();
    await user.click(within(team).getByRole('button', { name: 'Archive' }));
    expect(within(team).getByTestId('team-archive-confirm')).toHaveTextContent(
      'Archive Design? Its members can still read it',
    );
    await user.click(within(team).getByRole('button', { name: 'Cancel' }));
    expect(w.api.callsTo('admin:archiveTeam')).toEqual([]);
    await user.click(within(team).getByRole('button', { name: 'Archive' }));
    await user.click(within(within(team).getByTestId('team-archive-confirm')).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(fakeAdminOf(w.api).archived.has(w.design.teamId!)).toBe(true));
    expect(w.api.callsTo('admin:archiveTeam')).toEqual([{ teamId: w.design.teamId, archived: true }]);
    expect(await within(team).findByTestId('team-archived-badge')).toHaveTextContent('Archived');
  });

  it('opens an archived team again after a confirmation', async () => {
    fakeAdminOf(w.api).archived.add(w.design.teamId!);
    const { user, team } = await teamsTab();
    await user.click(await within(team).findByRole('button', { name: 'Unarchive' }));
    expect(within(team).getByTestId('team-archive-confirm')).toHaveTextContent('Open Design again?');
    await user.click(within(team).getByRole('button', { name: 'Unarchive' }));
    await waitFor(() => expect(fakeAdminOf(w.api).archived.has(w.design.teamId!)).toBe(false));
    expect(w.api.callsTo('admin:archiveTeam')).toEqual([{ teamId: w.design.teamId, archived: false }]);
  });
});

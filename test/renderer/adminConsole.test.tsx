import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { fakeAdminOf } from './fakeAdmin';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

async function openConsole() {
  const user = userEvent.setup();
  await renderSignedIn(<App />, w.design.id);
  await user.click(await screen.findByRole('button', { name: 'Admin console' }));
  const panel = await screen.findByRole('complementary', { name: 'Admin console' });
  return { user, panel };
}

describe('admin console', () => {
  it('is offered to org admins only', async () => {
    await renderSignedIn(<App />, w.design.id);
    expect(await screen.findByRole('button', { name: 'API tokens' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Admin console' })).not.toBeInTheDocument();
  });

  it('adds a user and shows the generated password once; changes an org role', async () => {
    w.api.me.orgRole = 'admin';
    const { user, panel } = await openConsole();
    const users = within(panel).getByTestId('admin-users');
    expect(await within(users).findByText(/Carol Jones/)).toBeInTheDocument();
    await user.type(within(users).getByLabelText('Email'), 'erin@acme.test');
    await user.type(within(users).getByLabelText('Name'), 'Erin');
    await user.click(within(users).getByRole('button', { name: 'Add user' }));
    expect(await within(users).findByTestId('admin-password')).toHaveTextContent('generated-Pw-0123456789');
    expect(w.api.callsTo('admin:addUser')).toEqual([{ email: 'erin@acme.test', name: 'Erin', orgRole: 'member' }]);
    expect(await within(users).findByText(/Erin/)).toBeInTheDocument();
    await user.selectOptions(within(users).getByLabelText('Org role of Bob'), 'compliance');
    await waitFor(() => expect(w.api.users.find((u) => u.id === w.bob.id)?.orgRole).toBe('compliance'));
  });

  it("shows the server's refusal with its field", async () => {
    w.api.me.orgRole = 'admin';
    const { user, panel } = await openConsole();
    const users = within(panel).getByTestId('admin-users');
    await user.type(within(users).getByLabelText('Email'), 'bob@acme.test');
    await user.type(within(users).getByLabelText('Name'), 'Bob again');
    await user.click(within(users).getByRole('button', { name: 'Add user' }));
    expect(await within(users).findByRole('alert')).toBeInTheDocument();
  });

  it('adds a member to a team and sets the sharing policy', async () => {
    w.api.me.orgRole = 'admin';
    const { user, panel } = await openConsole();
    await user.click(within(panel).getByRole('tab', { name: 'Teams' }));
    const team = await within(panel).findByTestId('admin-team-design');
    await user.selectOptions(within(team).getByLabelText('Person to add to Design'), w.bob.id);
    await user.click(within(team).getByRole('button', { name: 'Add member' }));
    await waitFor(() => expect(fakeAdminOf(w.api).members.get(w.design.teamId!)?.get(w.bob.id)).toBe('member'));
    expect(await within(team).findByLabelText('Role of Bob in Design')).toHaveValue('member');
    await user.selectOptions(within(team).getByLabelText('Sharing policy of Design'), 'open');
    await waitFor(() => expect(w.api.teams[0]!.policy).toBe('open'));
  });

  it('tests a link against the lists being edited, and saves them', async () => {
    w.api.me.orgRole = 'admin';
    const { user, panel } = await openConsole();
    await user.click(within(panel).getByRole('tab', { name: 'Link policy' }));
    const links = await within(panel).findByTestId('admin-links');
    await user.type(within(links).getByLabelText('Would this link be allowed?'), 'https://www.evil.test/x');
    expect(within(links).getByTestId('admin-link-verdict')).toHaveTextContent('Allowed');
    await user.type(within(links).getByLabelText('Denied domains (one a line)'), 'evil.test');
    expect(within(links).getByTestId('admin-link-verdict')).toHaveTextContent('Blocked');
    await user.click(within(links).getByRole('button', { name: 'Save link policy' }));
    await waitFor(() => expect(fakeAdminOf(w.api).urlPolicy.deny).toEqual(['evil.test']));
  });
});

describe('admin console: speech policy and API tokens', () => {
  it('changes a speech rule', async () => {
    w.api.me.orgRole = 'admin';
    const { user, panel } = await openConsole();
    await user.click(within(panel).getByRole('tab', { name: 'Speech policy' }));
    const speech = await within(panel).findByTestId('admin-speech');
    await user.selectOptions(await within(speech).findByLabelText('Who may post in the org-wide stream'), 'curators');
    await waitFor(() => expect(w.api.speechPolicy.orgStreamPosting).toBe('curators'));
    expect(w.api.callsTo('speechPolicy:set')).toEqual([{ patch: { orgStreamPosting: 'curators' } }]);
  });

  it("lists everyone's tokens with their owner and revokes one", async () => {
    w.api.me.orgRole = 'admin';
    fakeAdminOf(w.api).apiTokens = [
      {
        id: w.bob.id,
        name: 'deploy bot',
        createdAt: 0,
        lastUsedAt: null,
        userId: w.bob.id,
        userName: 'Bob',
        userEmail: 'bob@acme.test',
      },
      {
        id: w.api.me.id,
        name: 'report script',
        createdAt: 0,
        lastUsedAt: Date.UTC(2026, 10, 30, 12),
        userId: w.api.me.id,
        userName: 'Me',
        userEmail: 'me@acme.test',
      },
    ];
    const { user, panel } = await openConsole();
    await user.click(within(panel).getByRole('tab', { name: 'API tokens' }));
    const tokens = await within(panel).findByTestId('admin-tokens');
    const deployBot = (await within(tokens).findByText(/deploy bot of Bob \(bob@acme.test\)/)).closest('li')!;
    expect(within(deployBot).getByText('never used')).toBeInTheDocument();
    const script = within(tokens)
      .getByText(/report script of Me/)
      .closest('li')!;
    // the short date drops the year when it is this year's; the full one is in the title
    expect(within(script).getByText(/^last used /)).toHaveAttribute('title', expect.stringMatching(/Nov 30, 2026/));
    await user.click(within(tokens).getByRole('button', { name: 'Revoke deploy bot of Bob' }));
    await waitFor(() => expect(within(tokens).queryByText(/deploy bot of Bob/)).toBeNull());
    expect(fakeAdminOf(w.api).apiTokens.map((t) => t.name)).toEqual(['report script']);
  });
});

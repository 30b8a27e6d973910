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
      { id: w.bob.id, name: 'deploy bot', createdAt: 0, userId: w.bob.id, userName: 'Bob', userEmail: 'bob@acme.test' },
    ];
    const { user, panel } = await openConsole();
    await user.click(within(panel).getByRole('tab', { name: 'API tokens' }));
    const tokens = await within(panel).findByTestId('admin-tokens');
    expect(await within(tokens).findByText(/deploy bot of Bob \(bob@acme.test\)/)).toBeInTheDocument();
    await user.click(within(tokens).getByRole('button', { name: 'Revoke deploy bot of Bob' }));
    expect(await within(tokens).findByText('Nobody has an API token.')).toBeInTheDocument();
    expect(fakeAdminOf(w.api).apiTokens).toEqual([]);
  });
});

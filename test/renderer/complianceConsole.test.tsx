// The compliance console and the retention settings (a tab of the admin console) against the fake
// API: who sees the entries, the export's progress bar from the core's pushes (to 100%, cut,
// cancelled), "since my last export", placing and releasing holds, and saving retention periods with a
// refusal of bad input.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { complianceOf } from './fakeCompliance';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

describe('compliance console', () => {
  it('is offered to compliance only, and retention to org admins only (in the admin console)', async () => {
    await renderSignedIn(<App />, w.design.id);
    await screen.findByRole('button', { name: 'Tags' });
    expect(screen.queryByRole('button', { name: 'Compliance' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Admin console' })).not.toBeInTheDocument();
  });

  it('has no retention button of its own beside the admin console, even for an org admin', async () => {
    w.api.me.orgRole = 'admin';
    await renderSignedIn(<App />, w.design.id);
    expect(await screen.findByRole('button', { name: 'Admin console' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retention' })).not.toBeInTheDocument();
  });

  it('downloads an export with a progress bar that reaches the total, then offers "since my last export"', async () => {
    w.api.me.orgRole = 'compliance';
    const fake = complianceOf(w.api);
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Compliance' }));
    const panel = await screen.findByTestId('compliance-export');
    const since = within(panel).getByRole('checkbox', { name: 'Only what happened since my last export' });
    expect(since).toBeDisabled();
    await user.click(within(panel).getByRole('button', { name: 'Export' }));
    expect(fake.starts).toEqual([{ format: 'jsonl', sinceLast: false }]);
    act(() => fake.progress(0, 200));
    act(() => fake.progress(150, 200));
    const bar = await within(panel).findByRole('progressbar', { name: 'Export progress' });
    expect(bar).toHaveAttribute('value', '150');
    expect(bar).toHaveAttribute('max', '200');
    expect(within(panel).getByText('150 of 200 records')).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Export' })).toBeDisabled();
    act(() => fake.finish());
    await within(panel).findByText(/Saved 200 records to/);
    const done = within(panel).getByRole('progressbar', { name: 'Export progress' });
    expect(done.getAttribute('value')).toBe(done.getAttribute('max'));
    await waitFor(() => expect(since).toBeEnabled());
    await user.click(since);
    await user.click(within(panel).getByRole('button', { name: 'Export' }));
    expect(fake.starts[1]).toEqual({ format: 'jsonl', sinceLast: true });
    act(() => fake.cut());
    expect(await within(panel).findByRole('alert')).toHaveTextContent(/did not finish and nothing was kept/);
  });

  it('exports CSV or EML when chosen, each with its own "since my last export"', async () => {
    w.api.me.orgRole = 'compliance';
    const fake = complianceOf(w.api);
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Compliance' }));
    const panel = await screen.findByTestId('compliance-export');
    const formats = within(panel).getByRole('group', { name: 'Format' });
    expect(within(formats).getByRole('radio', { name: /^JSONL/ })).toBeChecked();
    await user.click(within(formats).getByRole('radio', { name: /^CSV/ }));
    await user.click(within(panel).getByRole('button', { name: 'Export' }));
    expect(fake.starts).toEqual([{ format: 'csv', sinceLast: false }]);
    act(() => fake.progress(0, 40));
    // the choice cannot change under a running download
    expect(within(formats).getByRole('radio', { name: /^EML/ })).toBeDisabled();
    act(() => fake.finish());
    await within(panel).findByText(/Saved 40 records to/);
    const since = within(panel).getByRole('checkbox', { name: 'Only what happened since my last export' });
    await waitFor(() => expect(since).toBeEnabled());
    // EML has no export of its own yet: nothing to export since
    await user.click(within(formats).getByRole('radio', { name: /^EML: a new folder/ }));
    await waitFor(() => expect(since).toBeDisabled());
    await user.click(within(panel).getByRole('button', { name: 'Export' }));
    expect(fake.starts[1]).toEqual({ format: 'eml', sinceLast: false });
  });

  it('cancels a running export', async () => {
    w.api.me.orgRole = 'compliance';
    const fake = complianceOf(w.api);
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Compliance' }));
    const panel = await screen.findByTestId('compliance-export');
    await user.click(within(panel).getByRole('button', { name: 'Export' }));
    act(() => fake.progress(10, 100));
    await user.click(await within(panel).findByRole('button', { name: 'Cancel' }));
    await within(panel).findByText('Export cancelled; nothing was kept.');
    expect(fake.running).toBeNull();
  });

  it('places a hold on a person and releases it', async () => {
    w.api.me.orgRole = 'compliance';
    const fake = complianceOf(w.api);
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Compliance' }));
    const holds = await screen.findByTestId('legal-holds');
    await within(holds).findByText('No legal holds.');
    const place = within(holds).getByRole('button', { name: 'Place hold' });
    expect(place).toBeDisabled();
    await user.selectOptions(within(holds).getByTestId('hold-target'), `user:${w.bob.id}`);
    await user.type(within(holds).getByTestId('hold-reason'), 'Matter 12');
    await user.click(place);
    const row = await within(holds).findByTestId('legal-hold');
    expect(row).toHaveTextContent('Matter 12');
    expect(fake.holds[0]).toMatchObject({ userId: w.bob.id, reason: 'Matter 12', releasedAt: null });
    await user.click(within(row).getByRole('button', { name: /Release the hold on/ }));
    await waitFor(() => expect(within(holds).getByTestId('legal-hold')).toHaveTextContent('Released'));
    expect(fake.holds[0]!.releasedAt).not.toBeNull();
  });

  it('shows the server refusal of holds', async () => {
    w.api.me.orgRole = 'compliance';
    complianceOf(w.api).refuse = { code: 'UNAVAILABLE', message: 'offline' };
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Compliance' }));
    const holds = await screen.findByTestId('legal-holds');
    expect(await within(holds).findByRole('alert')).toBeInTheDocument();
  });
});

describe('retention settings', () => {
  it('saves the org default and a team override, refusing a bad number before sending', async () => {
    w.api.me.orgRole = 'admin';
    const fake = complianceOf(w.api);
    fake.retention = { orgDays: 365, teams: [] };
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Admin console' }));
    const console = await screen.findByRole('complementary', { name: 'Admin console' });
    await user.click(within(console).getByRole('tab', { name: 'Retention' }));
    const panel = await within(console).findByTestId('retention-settings');
    const org = await within(panel).findByRole('spinbutton', { name: 'Days to keep for Organization default' });
    expect(org).toHaveValue(365);
    await user.clear(org);
    await user.type(org, '90');
    await user.click(within(panel).getByRole('button', { name: 'Save the period for Organization default' }));
    await waitFor(() => expect(fake.retention.orgDays).toBe(90));
    const team = w.api.teams[0]!;
    const teamField = within(panel).getByRole('spinbutton', { name: `Days to keep for Team ${team.name}` });
    await user.type(teamField, '0');
    await user.click(within(panel).getByRole('button', { name: `Save the period for Team ${team.name}` }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(/whole days/);
    expect(fake.retention.teams).toEqual([]);
    await user.clear(teamField);
    await user.type(teamField, '30');
    await user.click(within(panel).getByRole('button', { name: `Save the period for Team ${team.name}` }));
    await waitFor(() => expect(fake.retention.teams).toEqual([{ teamId: team.id, days: 30 }]));
  });
});

// The integrations panel of a team stream: offered to its curators only; creates an integration and
// shows its flow token once, lists and revokes integrations.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { renderSignedIn, world } from './harness';

describe('integrations panel', () => {
  it('creates an integration for the stream, shows its flow token once, lists and revokes it', async () => {
    const w = world();
    w.design.role = 'curator';
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Integrations' }));
    const panel = await screen.findByRole('complementary', { name: 'Integrations' });
    expect(await within(panel).findByText('No integrations yet.')).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Create integration' })).toBeDisabled();
    await user.type(within(panel).getByLabelText('Integration name'), ' Jenkins ');
    await user.click(within(panel).getByRole('button', { name: 'Create integration' }));
    expect(w.api.callsTo('integration:create')).toEqual([{ streamId: w.design.id, name: 'Jenkins' }]);
    expect(await within(panel).findByTestId('integration-token')).toHaveValue('a'.repeat(40));
    expect(within(panel).getByText('Flow token of “Jenkins”')).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'I have copied it' }));
    expect(within(panel).queryByTestId('integration-token')).not.toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Revoke integration Jenkins' }));
    await waitFor(() => expect(within(panel).getByText('No integrations yet.')).toBeInTheDocument());
    expect(w.api.callsTo('integration:revoke')).toHaveLength(1);
    expect(w.api.integrations).toEqual([]);
  });

  it('is not offered to a member who does not curate the team', async () => {
    const w = world();
    await renderSignedIn(<App />, w.design.id);
    expect(await screen.findByRole('button', { name: 'API tokens' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Integrations' })).toBeNull();
  });
});

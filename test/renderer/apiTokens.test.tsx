import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

describe('API tokens panel', () => {
  it('creates a token, shows its secret once, lists and revokes it', async () => {
    const { api, design } = w;
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.click(await screen.findByRole('button', { name: 'API tokens' }));
    const panel = await screen.findByRole('complementary', { name: 'API tokens' });
    expect(await within(panel).findByText('No tokens yet.')).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Create token' })).toBeDisabled();
    await user.type(within(panel).getByLabelText('Token name'), '  deploy bot ');
    await user.click(within(panel).getByRole('button', { name: 'Create token' }));
    expect(api.callsTo('apitoken:create')).toEqual([{ name: 'deploy bot' }]);
    expect(await within(panel).findByTestId('api-token-secret')).toHaveValue('f'.repeat(40));
    expect(within(panel).getByText('New token “deploy bot”')).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'I have copied it' }));
    expect(within(panel).queryByTestId('api-token-secret')).not.toBeInTheDocument();
    expect(within(panel).getByText('never used')).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Revoke token deploy bot' }));
    await waitFor(() => expect(within(panel).getByText('No tokens yet.')).toBeInTheDocument());
    expect(api.callsTo('apitoken:revoke')).toHaveLength(1);
    expect(api.apiTokens).toEqual([]);
  });

  it('forgets a shown secret when the panel closes', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'API tokens' }));
    const panel = await screen.findByRole('complementary', { name: 'API tokens' });
    await user.type(within(panel).getByLabelText('Token name'), 'ci');
    await user.click(within(panel).getByRole('button', { name: 'Create token' }));
    await within(panel).findByTestId('api-token-secret');
    await user.click(within(panel).getByRole('button', { name: 'Close API tokens' }));
    await user.click(screen.getByRole('button', { name: 'API tokens' }));
    const again = await screen.findByRole('complementary', { name: 'API tokens' });
    expect(await within(again).findByText('ci')).toBeInTheDocument();
    expect(within(again).queryByTestId('api-token-secret')).not.toBeInTheDocument();
  });
});

// The search panel's server part: local hits at once, then "N more from the server" with only the
// messages the cache did not find, the server's next page on request, and a quiet note offline.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

async function searchFor(text: string) {
  const user = userEvent.setup();
  await user.keyboard('{Control>}f{/Control}');
  const panel = await screen.findByTestId('search-panel');
  await user.type(within(panel).getByRole('searchbox', { name: 'Search messages' }), text);
  return { user, panel };
}

describe('server search in the search panel', () => {
  it('adds what only the server holds, never a message twice', async () => {
    const { api, design, bob } = w;
    api.messages.push(makeMessage(design, bob, 'walrus in the cache'));
    api.serverOnly.push(
      makeMessage(design, bob, 'walrus only on the server'),
      makeMessage(design, bob, 'another walrus from long ago'),
    );
    await renderSignedIn(<App />, design.id);
    const { panel } = await searchFor('walrus');
    expect(await within(panel).findByTestId('search-hit')).toHaveTextContent('walrus in the cache');
    expect(await within(panel).findByTestId('server-search-count')).toHaveTextContent('2 more from the server');
    const fromServer = within(panel)
      .getAllByTestId('server-search-hit')
      .map((hit) => hit.textContent);
    expect(fromServer).toHaveLength(2);
    expect(fromServer.join(' ')).not.toContain('walrus in the cache');
    expect(api.callsTo('search:server')).toContainEqual({ query: 'walrus', limit: 20 });
  });

  it('pages on through the server without repeating hits', async () => {
    const { api, design, bob } = w;
    for (let i = 0; i < 25; i += 1) api.serverOnly.push(makeMessage(design, bob, `narwhal number ${i}`));
    await renderSignedIn(<App />, design.id);
    const { user, panel } = await searchFor('narwhal');
    expect(await within(panel).findByTestId('server-search-count')).toHaveTextContent('20 more from the server');
    await user.click(within(panel).getByRole('button', { name: 'More from the server' }));
    expect(await within(panel).findByText('25 more from the server')).toBeInTheDocument();
    const ids = within(panel)
      .getAllByTestId('server-search-hit')
      .map((hit) => hit.textContent);
    expect(new Set(ids).size).toBe(25);
    expect(within(panel).queryByRole('button', { name: 'More from the server' })).not.toBeInTheDocument();
  });

  it('searches the cache alone offline and says so quietly', async () => {
    const { api, design, bob } = w;
    api.serverOnline = false;
    api.messages.push(makeMessage(design, bob, 'puffin in the cache'));
    await renderSignedIn(<App />, design.id);
    const { panel } = await searchFor('puffin');
    expect(await within(panel).findByTestId('search-hit')).toHaveTextContent('puffin in the cache');
    expect(await within(panel).findByTestId('server-search-offline')).toHaveTextContent(
      'Offline: only messages on this computer were searched.',
    );
    expect(within(panel).queryByTestId('server-search-count')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

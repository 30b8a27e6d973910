// Display names in the renderer: every place a person is named shows the display name from the
// directory, and a change (the core's data:changed 'directory') renames them on screen at once.
import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageList } from '../../renderer/src/components/MessageList';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { suggest, tokenAt } from '../../renderer/src/lib/autocomplete';
import { makeMessage, makeStream } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

/** Bob chooses another display name: the fake's directory answers it once the core says so. */
function renameBob(displayName: string): void {
  const { api, bob } = w;
  api.users = api.users.map((u) => (u.id === bob.id ? { ...u, displayName } : u));
  act(() => api.emit('data:changed', { accountId: api.me.id, streamIds: [], kinds: ['directory'] }));
}

describe('display names', () => {
  it('renames the author of an existing message list live when the display name changes', async () => {
    const { api, design, bob } = w;
    api.messages.push(makeMessage(design, bob, 'hello from bob'));
    await renderSignedIn(<MessageList streamId={design.id} />, design.id);
    const item = (await screen.findByText('hello from bob')).closest('[data-testid="message-item"]') as HTMLElement;
    expect(within(item).getByTestId('message-author')).toHaveTextContent('Bob');

    renameBob('Robert the Builder');
    await waitFor(() => expect(within(item).getByTestId('message-author')).toHaveTextContent('Robert the Builder'));
    expect(item).toHaveAccessibleName(expect.stringContaining('Robert the Builder'));
    // the directory was read again; the message list is the same one, renamed in place
    expect(api.callsTo('directory:list').length).toBeGreaterThanOrEqual(2);
    expect(screen.getByText('hello from bob').closest('[data-testid="message-item"]')).toBe(item);
  });

  it('names a direct conversation in the sidebar by its people’s display names', async () => {
    const { api, alice, bob } = w;
    const dm = makeStream('Bob', {
      kind: 'direct',
      teamId: null,
      role: null,
      participants: [
        { id: alice.id, name: alice.name, handle: alice.handle },
        { id: bob.id, name: bob.name, handle: bob.handle },
      ],
    });
    api.streams.push(dm);
    await renderSignedIn(<Sidebar />);
    const entry = await screen.findByRole('button', { name: /^Bob/ });
    renameBob('Robert');
    await waitFor(() => expect(entry).toHaveTextContent('Robert'));
  });

  it('suggests people by display name and shows it beside the handle', () => {
    const { bob } = w;
    const renamed = { ...bob, displayName: 'Robert the Builder' };
    const token = tokenAt('hi @buil', 8)!;
    expect(suggest(token, [renamed], [], [], null)).toEqual([
      { id: `user:${bob.id}`, insert: 'bob', label: '@bob', detail: { kind: 'person', name: 'Robert the Builder' } },
    ]);
  });
});

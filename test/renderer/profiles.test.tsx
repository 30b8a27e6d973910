// Profiles in the interface: the card from a name (author, mention), offline, the editor with a
// visibility per field, the language picker, the first-run tour and Help.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { useStore } from '../../renderer/src/store';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

describe('profile card', () => {
  it('opens from a message author with what the server shows, and closes with Escape back to the name', async () => {
    const { api, design, bob } = w;
    api.messages.push(makeMessage(design, bob, 'New icons are up'));
    api.profiles.profiles[bob.id] = { userId: bob.id, displayName: 'Bob B.', title: 'Illustrator', updatedAt: 1 };
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    const name = await screen.findByRole('button', { name: 'Bob' });
    await user.click(name);
    const card = await screen.findByRole('dialog', { name: 'Bob B.' });
    expect(await within(card).findByText('Illustrator')).toBeInTheDocument();
    expect(within(card).getByText('Title')).toBeInTheDocument();
    // a field the server left out is not shown, nor hinted at
    expect(within(card).queryByText('Phone')).not.toBeInTheDocument();
    expect(api.callsTo('profile:get')).toEqual([{ userId: bob.id }]);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(name).toHaveFocus();
  });

  it('opens from a mention, and says when nothing else is shared', async () => {
    const { api, design, bob, carol } = w;
    api.messages.push(makeMessage(design, bob, 'thanks @carol'));
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.click(await screen.findByRole('button', { name: '@carol' }));
    const card = await screen.findByRole('dialog', { name: carol.name });
    expect(await within(card).findByTestId('profile-nothing-shared')).toBeInTheDocument();
  });

  it('shows the last view offline with its date, and says so when there is none', async () => {
    const { api, design, bob, carol } = w;
    api.messages.push(makeMessage(design, bob, 'one'), makeMessage(design, carol, 'two'));
    api.profiles.profiles[bob.id] = { userId: bob.id, displayName: 'Bob', location: 'Oulu', updatedAt: 1 };
    api.profiles.online = false;
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.click(await screen.findByRole('button', { name: 'Bob' }));
    const card = await screen.findByRole('dialog', { name: 'Bob' });
    expect(await within(card).findByText('Oulu')).toBeInTheDocument();
    expect(within(card).getByTestId('profile-offline')).toHaveTextContent(/Offline: as you last saw it/);
    await user.click(within(card).getByRole('button', { name: 'Close' }));
    await user.click(screen.getByRole('button', { name: 'Carol Jones' }));
    expect(await screen.findByTestId('profile-never-seen')).toBeInTheDocument();
  });
});

describe('profile editor', () => {
  it('starts with every field private, saves values with their visibility, and explains an offline refusal', async () => {
    const { api, alice } = w;
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const editor = await screen.findByTestId('profile-editor');
    expect(await within(editor).findByLabelText('Display name')).toHaveValue(alice.name);
    const selects = within(editor).getAllByRole('combobox');
    expect(selects).toHaveLength(8);
    for (const select of selects) expect(select).toHaveDisplayValue('Only me');

    await user.type(within(editor).getByLabelText('Title'), 'Lead designer');
    await user.selectOptions(within(editor).getByLabelText('Who may see: Title'), 'org');
    await user.type(within(editor).getByLabelText('Skills'), 'figma, type ,');
    await user.click(within(editor).getByRole('button', { name: 'Save profile' }));
    expect(await within(editor).findByText('Profile saved.')).toBeInTheDocument();
    expect(api.callsTo('profile:update')).toEqual([
      expect.objectContaining({
        title: 'Lead designer',
        skills: ['figma', 'type'],
        visibility: expect.objectContaining({ title: 'org', phone: 'nobody' }),
      }),
    ]);
    expect(api.profiles.profiles[alice.id]).toMatchObject({ title: 'Lead designer', skills: ['figma', 'type'] });

    api.profiles.online = false;
    await user.click(within(editor).getByRole('button', { name: 'Save profile' }));
    expect(await within(editor).findByRole('alert')).toBeInTheDocument();
  });
});

describe('language picker', () => {
  it('switches the interface to Finnish and keeps the choice in the settings', async () => {
    const { api } = w;
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Language' }), 'fi');
    expect(api.callsTo('settings:set')).toContainEqual({ language: 'fi' });
    expect(await screen.findByRole('button', { name: 'Asetukset' })).toBeInTheDocument();
    expect(useStore.getState().locale).toBe('fi');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kieli' }), 'system');
    expect(await screen.findByRole('button', { name: 'Settings' })).toBeInTheDocument();
  });
});

describe('first run and help', () => {
  it('asks once after sign-in, can be skipped, and comes back from Help', async () => {
    const { api } = w;
    api.settings = { ...api.settings, firstRunDone: false };
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    const tour = await screen.findByRole('complementary', { name: 'Welcome' });
    expect(within(tour).getByRole('heading', { name: 'Tell your colleagues who you are — if you like' })).toBeVisible();
    expect(tour).toHaveTextContent('each one is private (only you)');
    // it never takes the focus from the app
    expect(tour).not.toContainElement(document.activeElement as HTMLElement);
    await user.click(within(tour).getByRole('button', { name: 'Skip the tour' }));
    await waitFor(() => expect(screen.queryByTestId('first-run')).not.toBeInTheDocument());
    expect(api.callsTo('settings:set')).toContainEqual({ firstRunDone: true });
    expect(api.settings.firstRunDone).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Help' }));
    const help = await screen.findByRole('complementary', { name: 'Help' });
    expect(within(help).getByText('Switch to another stream')).toBeInTheDocument();
    expect(within(help).getByTestId('shortcuts').querySelectorAll('kbd').length).toBeGreaterThan(10);
    await user.click(within(help).getByRole('button', { name: 'Show the tour again' }));
    const again = await screen.findByRole('complementary', { name: 'Welcome' });
    expect(screen.queryByTestId('help-panel')).not.toBeInTheDocument();
    await user.click(within(again).getByRole('button', { name: 'Not now' }));
    expect(await within(again).findByRole('heading', { name: 'Your team’s stream' })).toBeInTheDocument();
    for (const next of ['Next', 'Next', 'Next']) await user.click(within(again).getByRole('button', { name: next }));
    expect(within(again).getByRole('heading', { name: 'Working offline' })).toBeInTheDocument();
    await user.click(within(again).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByTestId('first-run')).not.toBeInTheDocument());
  });

  it('offers to fill in the profile without forcing it: Settings open, the tour goes on when they close', async () => {
    w.api.settings = { ...w.api.settings, firstRunDone: false };
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    const tour = await screen.findByRole('complementary', { name: 'Welcome' });
    await user.click(within(tour).getByRole('button', { name: 'Fill in my profile' }));
    expect(await screen.findByTestId('profile-editor')).toBeInTheDocument();
    expect(screen.queryByTestId('first-run')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close settings' }));
    const after = await screen.findByRole('complementary', { name: 'Welcome' });
    expect(within(after).getByRole('heading', { name: 'Your team’s stream' })).toBeInTheDocument();
    expect(w.api.settings.firstRunDone).toBe(false);
  });
});

describe('empty states that say what to do next', () => {
  it('tells who reads an empty team or org stream, and how to pick a stream when none is selected', async () => {
    const { org, design } = w;
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await user.click(await screen.findByRole('button', { name: /^Design/ }));
    expect(await screen.findByTestId('empty-audience')).toHaveTextContent('Only your team reads this stream.');
    await user.click(
      within(screen.getByRole('navigation', { name: 'Streams' })).getByRole('button', { name: /^Acme/ }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('empty-audience')).toHaveTextContent('Everyone in the organization reads this stream.'),
    );
    expect(useStore.getState().selectedStreamId).toBe(org.id);
    act(() => useStore.setState({ selectedStreamId: null }));
    expect(await screen.findByText(/Pick a stream on the left/)).toBeInTheDocument();
    expect(design.id).not.toBe(org.id);
  });
});

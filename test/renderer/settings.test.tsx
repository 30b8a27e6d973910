// Issue 13 §4 and §8 in the renderer: Retry now and reconnecting on focus/online, the password asked
// again over a readable cache, the token storage question, the settings screen (notifications, theme,
// local data, sign-out with local data removed, about) and the account switcher with its badges.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { HOST_REFUSED_EVENT } from '../../renderer/src/api/bridge';
import { useStore } from '../../renderer/src/store';
import { PASSWORD } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

function emitState(state: 'offline' | 'live' | 'signInRequired'): void {
  act(() =>
    w.api.emit('sync:status', { accountId: w.api.me.id, state, done: 0, total: 0, pendingCount: 0, lastError: null }),
  );
}

describe('reconnecting', () => {
  it('offers Retry now while offline; the button, the online event and focus ask the core at once', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    emitState('offline');
    await user.click(within(screen.getByTestId('status-banner')).getByRole('button', { name: 'Retry now' }));
    expect(w.api.callsTo('sync:retryNow')).toHaveLength(1);
    act(() => void window.dispatchEvent(new Event('online')));
    act(() => void window.dispatchEvent(new Event('focus')));
    await waitFor(() => expect(w.api.callsTo('sync:retryNow')).toHaveLength(3));
    // live: focus does not ask (online always does: the browser says the network changed)
    emitState('live');
    expect(within(screen.getByTestId('status-banner')).queryByRole('button')).not.toBeInTheDocument();
    act(() => void window.dispatchEvent(new Event('focus')));
    act(() => void window.dispatchEvent(new Event('online')));
    await waitFor(() => expect(w.api.callsTo('sync:retryNow')).toHaveLength(4));
  });

  it('asks for the password again over the shown cache, and signs in with the account it shows', async () => {
    const user = userEvent.setup();
    w.api.needsPassword = true;
    await renderSignedIn(<App />, w.design.id);
    emitState('signInRequired');
    const form = screen.getByTestId('sign-in-again');
    expect(form).toHaveTextContent('alice@acme.test');
    // the streams stay on screen meanwhile
    expect(screen.getByTestId('stream-title')).toHaveTextContent('Design');
    await user.type(within(form).getByLabelText('Password'), PASSWORD);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    expect(w.api.callsTo('session:login')).toEqual([
      { serverUrl: 'http://127.0.0.1:4600', email: 'alice@acme.test', password: PASSWORD },
    ]);
    emitState('live');
    await waitFor(() => expect(screen.queryByTestId('sign-in-again')).not.toBeInTheDocument());
  });

  it('asks once whether to keep tokens in a plain file, and sends the answer', async () => {
    const user = userEvent.setup();
    w.api.askTokenStorage = true;
    w.api.settings.tokenStorage = { protection: 'file', choice: null, askUser: true };
    await renderSignedIn(<App />);
    const question = await screen.findByTestId('token-storage-question');
    await user.click(within(question).getByRole('button', { name: 'Ask for my password after each restart' }));
    expect(w.api.callsTo('settings:set')).toEqual([{ tokenStorage: 'dontStore' }]);
    await waitFor(() => expect(screen.queryByTestId('token-storage-question')).not.toBeInTheDocument());
  });
});

describe('a tab the browser host no longer accepts', () => {
  it('says it is out of date and where to go, in place of the app', async () => {
    await renderSignedIn(<App />);
    act(() => void window.dispatchEvent(new Event(HOST_REFUSED_EVENT)));
    const note = await screen.findByTestId('host-refused');
    expect(note).toHaveTextContent('This tab is out of date');
    expect(note).toHaveTextContent('Open the address the browser host printed');
    expect(screen.queryByTestId('sidebar')).not.toBeInTheDocument();
    expect(screen.queryByTestId('composer')).not.toBeInTheDocument();
  });
});

describe('settings screen', () => {
  async function openSettings() {
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const panel = await screen.findByTestId('settings-panel');
    await within(panel).findByTestId('about');
    return { user, panel };
  }

  it('changes notification levels globally and per stream, and shows the system permission', async () => {
    const { user, panel } = await openSettings();
    expect(within(panel).getByTestId('notification-permission')).toHaveAttribute('data-permission', 'granted');
    await user.click(within(panel).getByRole('radio', { name: 'Every message' }));
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Ops' }), 'nothing');
    expect(w.api.callsTo('settings:set')).toEqual([
      { notify: 'all' },
      { streamNotify: { streamId: w.ops.id, level: 'nothing' } },
    ]);
    expect(within(panel).getByRole('radio', { name: 'Every message' })).toBeChecked();
    expect(within(panel).getByRole('combobox', { name: 'Ops' })).toHaveValue('nothing');
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Ops' }), 'As above');
    expect(w.api.callsTo('settings:set').at(-1)).toEqual({ streamNotify: { streamId: w.ops.id, level: null } });
  });

  it('sets the theme on the document', async () => {
    const { user, panel } = await openSettings();
    expect(document.documentElement.dataset.theme).toBe('system');
    await user.click(within(panel).getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(w.api.callsTo('settings:set')).toEqual([{ theme: 'dark' }]);
  });

  it('shows local data, clears it after confirming, and shows versions and the logs folder', async () => {
    const { user, panel } = await openSettings();
    const data = within(panel).getByTestId('local-data');
    expect(data).toHaveTextContent('3.3 MB');
    expect(data).toHaveTextContent('/home/alice/.config/Tributary/client/accounts/alice');
    expect(data).toHaveTextContent('Encryptedyes');
    await user.click(within(panel).getByRole('button', { name: 'Clear local data' }));
    expect(w.api.callsTo('cache:clear')).toHaveLength(0);
    await user.click(within(panel).getByRole('button', { name: 'Clear' }));
    expect(w.api.callsTo('cache:clear')).toHaveLength(1);
    await waitFor(() => expect(within(panel).getByTestId('local-data')).toHaveTextContent('0 B'));
    const about = within(panel).getByTestId('about');
    expect(about).toHaveTextContent('electron45.5.0');
    expect(about).toHaveTextContent('/home/alice/.config/Tributary/logs');
  });

  it('signs out with the local data removed when asked', async () => {
    const { user, panel } = await openSettings();
    await user.click(within(panel).getByRole('checkbox', { name: /remove this account’s local data/ }));
    await user.click(within(panel).getByRole('button', { name: 'Sign out' }));
    expect(w.api.callsTo('session:logout')).toEqual([{ removeLocalData: true }]);
    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
  });
});

describe('account switcher', () => {
  it('lists the accounts with unread badges and switches to another with a clean view', async () => {
    const user = userEvent.setup();
    w.design.unread = 4;
    const other = {
      id: '01900000-0000-7000-8000-00000000beef',
      serverUrl: 'https://chat.example.org',
      email: 'alice@example.org',
      name: 'Alice',
      orgName: 'Example',
      active: false,
      state: 'offline' as const,
      unread: 2,
      mentions: 1,
    };
    w.api.otherAccounts = [other];
    await renderSignedIn(<App />, w.design.id);
    const switcher = screen.getByTestId('account-switcher');
    const items = await within(switcher).findAllByTestId('account-item');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual([
      'Acme, alice@acme.test, 4 unread',
      'Example, alice@example.org, 2 unread, 1 mention, offline',
    ]);
    expect(items[0]).toHaveAttribute('aria-current', 'true');
    expect(within(items[0]!).getByTestId('account-unread')).toHaveTextContent('4');
    expect(within(items[1]!).getByTestId('account-mentions')).toHaveTextContent('@1');
    await user.click(items[1]!);
    expect(w.api.callsTo('account:switch')).toEqual([{ accountId: other.id }]);
    await waitFor(() => expect(useStore.getState().session?.accountId).toBe(other.id));
    expect(useStore.getState().messages[w.design.id]).toBeUndefined();
  });

  it('opens the sign-in form in a dialog to add an account, and closes it on Cancel', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add an account' });
    expect(within(dialog).getByTestId('login-form')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

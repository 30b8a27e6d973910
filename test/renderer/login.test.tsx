import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { useStore } from '../../renderer/src/store';
import { FakeApi, makeStream, makeUser } from './fakeApi';
import { renderUi, resetStore } from './harness';

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi(makeUser('alice'));
  api.signedIn = false;
  api.streams.push(makeStream('Acme', { kind: 'org', teamId: null, role: null }), makeStream('Design'));
  resetStore(api);
});

describe('login screen', () => {
  it('prefills the server URL from session:get defaults and names the demo accounts of a demo server', async () => {
    renderUi(<App />);
    expect(await screen.findByLabelText('Server URL')).toHaveValue('http://127.0.0.1:4600');
    expect(await screen.findByTestId('demo-accounts')).toHaveTextContent('tributary');
    expect(screen.getByRole('button', { name: 'Use demo account bob@acme.test' })).toBeInTheDocument();
    expect(api.callsTo('server:info')).toEqual([{ serverUrl: 'http://127.0.0.1:4600' }]);
  });

  it('shows no demo accounts for a server that does not run the demo, and asks again when the URL changes', async () => {
    api.demo = false;
    const user = userEvent.setup();
    renderUi(<App />);
    const url = await screen.findByLabelText('Server URL');
    // The answer for the prefilled URL is in: the form has decided, and it offers no demo account.
    await waitFor(() =>
      expect(useStore.getState().serverInfo).toEqual({ serverUrl: 'http://127.0.0.1:4600', demo: false }),
    );
    expect(screen.queryByTestId('demo-accounts')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Use demo account/ })).not.toBeInTheDocument();

    // Another server that does run the demo: its accounts appear once it said so.
    api.demo = true;
    await user.clear(url);
    await user.type(url, 'https://demo.example.com');
    expect(await screen.findByTestId('demo-accounts')).toBeInTheDocument();
    expect(api.callsTo('server:info')).toContainEqual({ serverUrl: 'https://demo.example.com' });
    // A URL the client would refuse is never asked about (and no chips stay from the last one).
    await user.clear(url);
    await user.type(url, 'http://chat.example.com');
    await waitFor(() => expect(screen.queryByTestId('demo-accounts')).not.toBeInTheDocument());
    expect(api.callsTo('server:info')).not.toContainEqual({ serverUrl: 'http://chat.example.com' });
  });

  it('fills the email when a demo account is clicked and signs in', async () => {
    const user = userEvent.setup();
    renderUi(<App />);
    await user.click(await screen.findByRole('button', { name: 'Use demo account alice@acme.test' }));
    expect(screen.getByLabelText('Email')).toHaveValue('alice@acme.test');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('navigation', { name: 'Streams' })).toBeInTheDocument();
    expect(api.callsTo('session:login')).toEqual([
      { serverUrl: 'http://127.0.0.1:4600', email: 'alice@acme.test', password: 'tributary' },
    ]);
    // The org stream is listed first.
    const items = await screen.findAllByTestId('stream-item');
    expect(items[0]).toHaveAttribute('data-stream-kind', 'org');
  });

  it('shows the error as an alert on a wrong password and stays on the form', async () => {
    const user = userEvent.setup();
    renderUi(<App />);
    await user.type(await screen.findByLabelText('Email'), 'alice@acme.test');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    expect(screen.getByTestId('login-form')).toBeInTheDocument();
  });

  it('refuses plain http:// to a remote server in the form, before anything is sent', async () => {
    const user = userEvent.setup();
    renderUi(<App />);
    const url = await screen.findByLabelText('Server URL');
    await user.clear(url);
    await user.type(url, 'http://chat.example.com');
    await user.type(screen.getByLabelText('Email'), 'alice@acme.test');
    await user.type(screen.getByLabelText('Password'), 'tributary');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('must use https://');
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(api.callsTo('session:login')).toEqual([]);
    // https:// goes through
    await user.clear(url);
    await user.type(url, 'https://chat.example.com');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('navigation', { name: 'Streams' })).toBeInTheDocument();
    expect(api.callsTo('session:login')).toEqual([
      { serverUrl: 'https://chat.example.com', email: 'alice@acme.test', password: 'tributary' },
    ]);
  });
});

import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { FakeApi, makeStream, makeUser } from './fakeApi';
import { resetStore } from './harness';

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi(makeUser('alice'));
  api.signedIn = false;
  api.streams.push(makeStream('Acme', { kind: 'org', teamId: null, role: null }), makeStream('Design'));
  resetStore(api);
});

describe('login screen', () => {
  it('prefills the server URL from session:get defaults and names the demo accounts', async () => {
    render(<App />);
    expect(await screen.findByLabelText('Server URL')).toHaveValue('http://127.0.0.1:4600');
    expect(screen.getByTestId('demo-accounts')).toHaveTextContent('tributary');
    expect(screen.getByRole('button', { name: 'Use demo account bob@acme.test' })).toBeInTheDocument();
  });

  it('fills the email when a demo account is clicked and signs in', async () => {
    const user = userEvent.setup();
    render(<App />);
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
    render(<App />);
    await user.type(await screen.findByLabelText('Email'), 'alice@acme.test');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    expect(screen.getByTestId('login-form')).toBeInTheDocument();
  });

  it('refuses plain http:// to a remote server in the form, before anything is sent', async () => {
    const user = userEvent.setup();
    render(<App />);
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

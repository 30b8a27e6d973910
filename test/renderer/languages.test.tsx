/*
 * The interface in Finnish: the key screens render from fi.json with Finnish plural forms, dates and
 * times in Finnish formats, and errors explained from their codes (the core's English message is
 * never the sentence shown). English stays the fallback for every language we do not ship.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { pickLocale } from '../../renderer/src/i18n/locale';
import { useStore } from '../../renderer/src/store';
import { FakeApi, makeMessage, makeStream, makeUser } from './fakeApi';
import { renderSignedIn, renderUi, resetStore, world } from './harness';

/** Local midnight of the day `daysAgo` days before today, plus hours and minutes. */
function localTime(daysAgo: number, hours: number, minutes: number): number {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  d.setHours(hours, minutes, 0, 0);
  return d.getTime();
}

describe('which language', () => {
  it('follows the first preferred language we ship, and falls back to English', () => {
    expect(pickLocale(['fi-FI', 'en-US'])).toBe('fi');
    expect(pickLocale(['fi'])).toBe('fi');
    expect(pickLocale(['sv-FI', 'fi-FI'])).toBe('fi');
    expect(pickLocale(['de-DE', 'en-GB', 'fi'])).toBe('en');
    expect(pickLocale(['sv-SE'])).toBe('en');
    expect(pickLocale(['not a tag', 'fi-FI'])).toBe('fi');
    expect(pickLocale([])).toBe('en');
  });

  it('starts in English under jsdom (en-US), and a locale change re-renders the open screen', async () => {
    const w = world();
    expect(useStore.getState().locale).toBe('en');
    await renderSignedIn(<App />);
    expect(await screen.findByRole('button', { name: 'Log out' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    act(() => useStore.getState().setLocale('fi'));
    expect(screen.getByRole('button', { name: 'Kirjaudu ulos' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Kanavat' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fi');
    expect(w.api.callsTo('session:get').length).toBeGreaterThan(0);
  });
});

describe('in Finnish', () => {
  beforeEach(() => {
    useStore.setState({ locale: 'fi' });
  });

  it('the login screen: labels, demo accounts and a wrong password explained from its code', async () => {
    const api = new FakeApi(makeUser('alice'));
    api.signedIn = false;
    api.streams.push(makeStream('Acme', { kind: 'org', teamId: null, role: null }));
    resetStore(api);
    useStore.setState({ locale: 'fi' });
    const user = userEvent.setup();
    renderUi(<App />);
    const form = await screen.findByRole('form', { name: 'Kirjaudu sisään' });
    expect(within(form).getByLabelText('Palvelimen osoite')).toHaveValue('http://127.0.0.1:4600');
    expect(await within(form).findByRole('button', { name: 'Käytä esittelytiliä bob@acme.test' })).toBeInTheDocument();
    expect(within(form).getByTestId('demo-accounts')).toHaveTextContent('Esittelytilit (salasana tributary):');
    await user.type(within(form).getByLabelText('Sähköposti'), 'alice@acme.test');
    await user.type(within(form).getByLabelText('Salasana'), 'wrong');
    await user.click(within(form).getByRole('button', { name: 'Kirjaudu' }));
    // The fake core answers UNAUTHENTICATED with an English message, as the real one does.
    const alert = await screen.findByTestId('login-error');
    expect(alert).toHaveTextContent('Väärä sähköpostiosoite tai salasana.');
    expect(alert).toHaveAttribute('title', 'Wrong email or password.');
    await user.clear(within(form).getByLabelText('Palvelimen osoite'));
    await user.type(within(form).getByLabelText('Palvelimen osoite'), 'http://chat.example.com');
    await user.click(within(form).getByRole('button', { name: 'Kirjaudu' }));
    expect(await screen.findByTestId('login-error')).toHaveTextContent(
      'Palvelimen osoitteen on alettava https:// — pelkkä http:// on sallittu vain tällä tietokoneella',
    );
  });

  it('the main screen: unread and mention plurals, day separators, times and reply counts', async () => {
    const w = world();
    useStore.setState({ locale: 'fi' });
    const { api, org, design, ops, bob, carol } = w;
    // Design is opened (and so read); the others keep their counts.
    Object.assign(org, { unread: 1 });
    Object.assign(ops, { unread: 4, mentions: 1 });
    api.messages.push(
      makeMessage(design, bob, 'vanha viesti', { seq: 1, createdAt: new Date(2020, 10, 2, 9, 30).getTime() }),
      makeMessage(design, carol, 'eilinen viesti', { seq: 2, createdAt: localTime(1, 14, 5), replyCount: 1 }),
      makeMessage(design, bob, 'tämänpäiväinen viesti', { seq: 3, createdAt: localTime(0, 0, 1), replyCount: 3 }),
    );
    await renderSignedIn(<App />, design.id);

    const sidebar = screen.getByRole('navigation', { name: 'Kanavat' });
    expect(within(sidebar).getByRole('button', { name: 'Acme, 1 lukematon' })).toBeInTheDocument();
    expect(within(sidebar).getByRole('button', { name: 'Ops, 4 lukematonta, 1 maininta' })).toBeInTheDocument();
    expect(within(sidebar).getByRole('heading', { name: 'Tiimit' })).toBeInTheDocument();

    const list = await screen.findByRole('log', { name: 'Viestit' });
    const days = within(list)
      .getAllByTestId('day-separator')
      .map((d) => d.textContent);
    expect(days).toEqual(['maanantaina 2. marraskuuta 2020', 'Eilen', 'Tänään']);
    expect(within(list).getByRole('article', { name: 'Carol Jones klo 14.05' })).toBeInTheDocument();
    const replies = within(list)
      .getAllByTestId('reply-count')
      .map((b) => b.textContent);
    expect(replies).toEqual(['1 vastaus', '3 vastausta']);
    expect(screen.getByRole('textbox', { name: 'Viesti kanavalle Design' })).toHaveAttribute(
      'placeholder',
      'Viesti kanavalle Design (Enter lähettää, Shift+Enter vaihtaa riviä)',
    );

    const banner = screen.getByTestId('status-banner');
    act(() =>
      api.emit('sync:status', {
        accountId: null,
        state: 'offline',
        done: 0,
        total: 0,
        pendingCount: 1,
        lastError: null,
      }),
    );
    expect(banner).toHaveTextContent(
      'Ei verkkoyhteyttä; viestit lähetetään, kun yhteys palaa. · 1 lähettämätön viesti',
    );
    act(() =>
      api.emit('sync:status', {
        accountId: null,
        state: 'offline',
        done: 0,
        total: 0,
        pendingCount: 2,
        lastError: null,
      }),
    );
    expect(banner).toHaveTextContent('2 lähettämätöntä viestiä');
  });

  it('a refused action: the toast explains the error code in Finnish, the English detail on hover', async () => {
    const w = world();
    useStore.setState({ locale: 'fi' });
    const message = makeMessage(w.design, w.bob, 'hei', { seq: 1 });
    w.api.messages.push(message);
    await renderSignedIn(<App />, w.design.id);
    // The message is gone on the server by now: deleting it again is NOT_FOUND.
    w.api.messages = [];
    await act(() => useStore.getState().deleteMessage(message.id));
    const toast = await within(screen.getByTestId('toasts')).findByRole('alert');
    expect(toast).toHaveTextContent('Sitä ei enää ole; se on ehkä poistettu.');
    expect(within(toast).getByTitle('no such message')).toBeInTheDocument();
    await waitFor(() => expect(within(toast).getByRole('button', { name: 'Sulje ilmoitus' })).toBeInTheDocument());
  });
});

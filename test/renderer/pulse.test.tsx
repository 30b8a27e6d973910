// The team pulse panel: offered to curators (and org admins) only; every chart has a table beside it
// with the same numbers as the pulse the core answered, formatted per locale (English and Finnish);
// the period choice asks again; an empty pulse says what to do; offline it shows the cached pulse "as
// of" when it was computed (and asks again once back online), or that it needs the server; someone
// who left is marked so among the new members.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { useStore } from '../../renderer/src/store';
import type { Pulse } from '../../shared/protocol/pulse';
import { emptyPulse, pulseOf } from './fakePulse';
import { renderSignedIn, world } from './harness';

const NOW = Date.UTC(2026, 11, 2, 12);

/** A 12-week pulse of Design with numbers in every column (thousands, to see the locale's grouping). */
function designPulse(teamId: string, userId: string): Pulse {
  const base = emptyPulse(teamId, 12, NOW);
  return {
    ...base,
    weeks: base.weeks.map((w, i) => ({
      ...w,
      posts: i === 11 ? 1234 : i + 1,
      replies: 2 * i,
      activeMembers: i % 4,
      promoted: i === 10 ? 2 : 0,
      reach: i === 10 ? 37 : 0,
      joined: i === 11 ? 1 : 0,
    })),
    newMembers: [
      { userId, name: 'Carol Jones', joinedAt: NOW - 3 * 3_600_000, firstPostAt: NOW - 3_600_000, leftAt: null },
    ],
    medianTimeToFirstPostMs: 2 * 3_600_000,
  };
}

/** A time as the panel writes it (medium date, short time), spaces as the DOM text compares them. */
function fullDateText(ms: number): string {
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(ms).replace(/\s/g, ' ');
}

/** The core says the connection changed. */
function setSyncState(api: ReturnType<typeof world>['api'], state: 'offline' | 'live'): void {
  act(() =>
    api.emit('sync:status', { accountId: api.me.id, state, done: 0, total: 0, pendingCount: 0, lastError: null }),
  );
}

/** The table of a figure (DOM queries: role queries crawl the charts' SVG too, and are slow there). */
function tableOf(figure: HTMLElement): HTMLTableElement {
  const table = figure.querySelector('table');
  if (!table) throw new Error('no table in this figure');
  return table;
}

/** The body rows of a figure's table as cell texts (the row header first). */
function tableRows(figure: HTMLElement): string[][] {
  return Array.from(tableOf(figure).tBodies[0]!.rows).map((row) =>
    Array.from(row.cells).map((cell) => cell.textContent ?? ''),
  );
}

async function openPulse() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Team pulse' }));
  return { user, panel: await screen.findByRole('complementary', { name: 'Team pulse' }) };
}

describe('team pulse panel', () => {
  // the first test also loads recharts (seconds under load): it gets more time than the default
  it(
    'shows each chart with a table of the same numbers, and asks again for another period',
    { timeout: 30_000 },
    async () => {
      const w = world();
      w.design.role = 'curator';
      const pulse = designPulse(w.design.teamId!, w.carol.id);
      pulseOf(w.api).pulses[w.design.teamId!] = pulse;
      await renderSignedIn(<App />, w.design.id);
      const { panel } = await openPulse();

      const activity = await within(panel).findByTestId('pulse-activity');
      const table = tableOf(activity);
      expect(table.caption).toHaveTextContent('Posts and replies per week');
      expect(Array.from(table.tHead!.rows[0]!.cells).map((c) => [c.textContent, c.getAttribute('scope')])).toEqual([
        ['Week of', 'col'],
        ['Posts', 'col'],
        ['Replies', 'col'],
      ]);
      const rows = tableRows(activity);
      expect(rows).toHaveLength(12);
      expect(rows.map((r) => r.slice(1))).toEqual(
        pulse.weeks.map((x) => [x.posts.toLocaleString('en-US'), String(x.replies)]),
      );
      expect(rows[11]).toEqual(['Nov 30', '1,234', '22']);
      const lastHeader = table.tBodies[0]!.rows[11]!.cells[0]!;
      expect([lastHeader.tagName, lastHeader.getAttribute('scope')]).toEqual(['TH', 'row']);
      expect(activity.querySelector('svg')).not.toBeNull();

      expect(tableRows(within(panel).getByTestId('pulse-members')).map((r) => r[1])).toEqual(
        pulse.weeks.map((x) => String(x.activeMembers)),
      );
      expect(tableRows(within(panel).getByTestId('pulse-promotions'))[10]).toEqual(['Nov 23', '2', '37']);
      const newcomers = within(panel).getByTestId('pulse-new-members');
      expect(newcomers).toHaveTextContent('1 new member; half of those who posted did so within 2 hours.');
      expect(tableRows(newcomers)[0]).toEqual(['Carol Jones', expect.any(String), expect.any(String), '2 hours']);

      fireEvent.change(within(panel).getByTestId('pulse-weeks'), { target: { value: '26' } });
      await waitFor(() => expect(pulseOf(w.api).requests.map((r) => r.weeks)).toEqual([12, 26]));
      expect(await within(panel).findByTestId('pulse-activity')).toBeInTheDocument();
    },
  );

  it('formats dates and numbers in Finnish', async () => {
    const w = world();
    w.design.role = 'curator';
    pulseOf(w.api).pulses[w.design.teamId!] = designPulse(w.design.teamId!, w.carol.id);
    useStore.setState({ locale: 'fi' });
    await renderSignedIn(<App />, w.design.id);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Tiimin syke' }));
    const panel = await screen.findByRole('complementary', { name: 'Tiimin syke' });
    const activity = await within(panel).findByTestId('pulse-activity');
    expect(tableOf(activity).caption).toHaveTextContent('Viestit ja vastaukset viikoittain');
    const last = tableRows(activity)[11]!;
    expect(last[0]).toBe('30.11.');
    // Finnish groups thousands with a (narrow) no-break space
    expect(last[1]).toMatch(/^1\s234$/u);
    expect(within(panel).getByTestId('pulse-new-members')).toHaveTextContent('1 uusi jäsen');
  });

  it('says what to do when the team has not posted yet', async () => {
    const w = world();
    w.design.role = 'curator';
    await renderSignedIn(<App />, w.design.id);
    const { panel } = await openPulse();
    expect(await within(panel).findByTestId('pulse-empty')).toHaveTextContent(
      'Nothing posted in Design in the last 12 weeks. Start a thread',
    );
    expect(panel.querySelector('table')).toBeNull();
  });

  it('offline, shows the cached pulse "as of" its time and refreshes once online, or that it needs the server', async () => {
    const w = world();
    w.design.role = 'curator';
    const pulses = pulseOf(w.api);
    pulses.online = false;
    await renderSignedIn(<App />, w.design.id);
    setSyncState(w.api, 'offline');
    const { user, panel } = await openPulse();
    expect(await within(panel).findByTestId('pulse-needs-server')).toHaveTextContent(
      'The team pulse is computed by the server, and there is no connection.',
    );
    // computed on the server an hour before this computer fetched it: "as of" is the computation
    const kept = { ...designPulse(w.design.teamId!, w.carol.id), computedAt: NOW - 3_600_000 };
    pulses.cached[w.design.teamId!] = { pulse: kept, fetchedAt: NOW };
    await user.click(within(panel).getByRole('button', { name: 'Try again' }));
    const notice = await within(panel).findByTestId('pulse-from-cache');
    expect(notice).toHaveTextContent(/Not connected: this is the pulse as of Dec 2, 2026/);
    expect(notice).toHaveTextContent(fullDateText(NOW - 3_600_000));
    expect(tableRows(within(panel).getByTestId('pulse-activity'))[11]![1]).toBe('1,234');

    // back online: asked again without a click, the cached one shown until the fresh one replaces it
    pulses.online = true;
    pulses.pulses[w.design.teamId!] = designPulse(w.design.teamId!, w.carol.id);
    const asked = pulses.requests.length;
    setSyncState(w.api, 'live');
    expect(await within(panel).findByTestId('pulse-computed-at')).toHaveTextContent(`As of ${fullDateText(NOW)}`);
    expect(pulses.requests.length).toBe(asked + 1);
    expect(within(panel).queryByTestId('pulse-from-cache')).toBeNull();
  });

  it('marks a new member who has left since', async () => {
    const w = world();
    w.design.role = 'curator';
    const pulse = designPulse(w.design.teamId!, w.carol.id);
    pulse.newMembers = [{ ...pulse.newMembers[0]!, leftAt: Date.UTC(2026, 10, 30, 12) }];
    pulseOf(w.api).pulses[w.design.teamId!] = pulse;
    await renderSignedIn(<App />, w.design.id);
    const { panel } = await openPulse();
    const table = await within(panel).findByTestId('pulse-new-members');
    expect(within(table).getByTestId('pulse-member-left')).toHaveTextContent('(left on Nov 30, 2026)');
  });

  it('is not offered to a member who does not curate the team, nor in the org stream', async () => {
    const w = world();
    await renderSignedIn(<App />, w.design.id);
    expect(await screen.findByRole('button', { name: 'API tokens' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Team pulse' })).toBeNull();
    act(() => useStore.getState().selectStream(w.org.id));
    expect(screen.queryByRole('button', { name: 'Team pulse' })).toBeNull();
  });
});

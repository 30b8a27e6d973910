// Guidelines in the app: the dialog that asks on entering the org or a team (and again for a new
// version), the composer's notice while posting is blocked, the offline refusal, and the editor and
// acknowledgements view for curators (preview, publish, the requirement, names, CSV download).
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Guidelines } from '../../shared/protocol/guidelines';
import { GuidelinesDialog } from '../../renderer/src/components/GuidelinesDialog';
import { StreamView } from '../../renderer/src/components/StreamView';
import { GuidelinesPanel } from '../../renderer/src/components/GuidelinesPanel';
import { useStore } from '../../renderer/src/store';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

const version = (teamId: string | null, n: number, body: string) => ({
  teamId,
  version: n,
  body,
  publishedAt: Date.UTC(2026, 10, 30, 9),
  publishedBy: w.bob.id,
  publisherName: 'Bob',
});

beforeEach(() => {
  w = world();
  const org: Guidelines = {
    teamId: null,
    current: version(null, 1, '# Acme\n\nBe kind.'),
    requireAck: false,
    acknowledgedVersion: null,
  };
  const design: Guidelines = {
    teamId: w.design.teamId,
    current: version(w.design.teamId, 2, 'Credit **your** sources.'),
    requireAck: true,
    acknowledgedVersion: 1,
  };
  w.api.guidelines.list = [org, design];
});
afterEach(() => vi.restoreAllMocks());

const ui = (
  <>
    <StreamView />
    <GuidelinesDialog />
  </>
);
const dialog = () => screen.findByTestId('guidelines-dialog');

describe('guidelines dialog and composer', () => {
  it("asks for the org's guidelines, then the team's, and unblocks the composer once acknowledged", async () => {
    const user = userEvent.setup();
    await renderSignedIn(ui, w.design.id);
    expect(within(await dialog()).getByRole('heading', { name: 'Guidelines of Acme' })).toBeInTheDocument();
    expect(within(await dialog()).getByRole('heading', { name: 'Acme' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'I have read these' }));
    expect(w.api.callsTo('guidelines:acknowledge')).toEqual([{ version: 1 }]);

    expect(await screen.findByRole('heading', { name: 'Guidelines of Design' })).toBeInTheDocument();
    expect(screen.getByTestId('guidelines-body').querySelector('strong')).toHaveTextContent('your');
    expect(screen.getByTestId('guidelines-notice')).toHaveTextContent(
      'Posting in Design requires acknowledging its guidelines (version 2) first.',
    );
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'I have read these' }));
    expect(w.api.callsTo('guidelines:acknowledge')).toEqual([{ version: 1 }, { teamId: w.design.teamId, version: 2 }]);
    await waitFor(() => expect(screen.queryByTestId('guidelines-dialog')).toBeNull());
    expect(screen.queryByTestId('guidelines-notice')).toBeNull();
  });

  it('asks again for a new version pushed by the core', async () => {
    w.api.guidelines.list = w.api.guidelines.list.map((g) => ({ ...g, acknowledgedVersion: g.current!.version }));
    await renderSignedIn(ui, w.design.id);
    await waitFor(() => expect(useStore.getState().guidelines).not.toBeNull());
    expect(screen.queryByTestId('guidelines-dialog')).toBeNull();
    w.api.guidelines.list = w.api.guidelines.list.map((g) =>
      g.teamId === null ? g : { ...g, current: version(g.teamId, 3, 'No spoilers.') },
    );
    act(() => w.api.emit('data:changed', { accountId: null, streamIds: [], kinds: ['guidelines'] }));
    expect(within(await dialog()).getByText('No spoilers.')).toBeInTheDocument();
    expect(screen.getByTestId('guidelines-notice')).toHaveTextContent('(version 3)');
  });

  it('puts a version off with Later, and the notice opens it again', async () => {
    const user = userEvent.setup();
    w.api.guidelines.list = w.api.guidelines.list.map((g) =>
      g.teamId === null ? { ...g, acknowledgedVersion: 1 } : g,
    );
    await renderSignedIn(ui, w.design.id);
    await dialog();
    await user.click(screen.getByRole('button', { name: 'Later' }));
    expect(screen.queryByTestId('guidelines-dialog')).toBeNull();
    expect(screen.getByTestId('guidelines-notice')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Read the guidelines' }));
    expect(within(await dialog()).getByRole('heading', { name: 'Guidelines of Design' })).toBeInTheDocument();
  });

  it('says that acknowledging needs a connection when offline, and keeps asking', async () => {
    const user = userEvent.setup();
    w.api.guidelines.online = false;
    await renderSignedIn(ui, w.org.id);
    await dialog();
    await user.click(screen.getByRole('button', { name: 'I have read these' }));
    expect(await screen.findByTestId('guidelines-error')).toHaveTextContent(
      'Acknowledging needs a connection to the server',
    );
    expect(screen.getByTestId('guidelines-dialog')).toBeInTheDocument();
  });
});

describe('guidelines panel', () => {
  it('lets a curator preview and publish a new version, set the requirement and export acknowledgements', async () => {
    const user = userEvent.setup();
    w.api.streams = w.api.streams.map((s) => (s.id === w.design.id ? { ...s, role: 'curator' } : s));
    w.api.guidelines.report = {
      teamId: w.design.teamId,
      currentVersion: 2,
      memberCount: 2,
      byVersion: [{ version: 2, count: 1 }],
      members: [
        { userId: w.alice.id, name: 'Alice', acknowledgedVersion: 2, acknowledgedAt: Date.now() },
        { userId: w.bob.id, name: 'Bob', acknowledgedVersion: null, acknowledgedAt: null },
      ],
    };
    await renderSignedIn(<GuidelinesPanel />, w.design.id);
    await useStore.getState().loadGuidelines();
    const editor = await screen.findByTestId('guidelines-editor');
    expect(editor).toHaveValue('Credit **your** sources.');
    await user.clear(editor);
    await user.type(editor, '# Rules{Enter}{Enter}Be kind.');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(
      within(screen.getByTestId('guidelines-preview')).getByRole('heading', { name: 'Rules' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Publish version 3' }));
    expect(w.api.callsTo('guidelines:publish')).toEqual([{ teamId: w.design.teamId, body: '# Rules\n\nBe kind.' }]);
    expect(await screen.findByText('Published. Everyone is asked to read them again.')).toBeInTheDocument();

    await user.click(screen.getByTestId('guidelines-require'));
    expect(w.api.callsTo('guidelines:require')).toEqual([{ teamId: w.design.teamId, required: false }]);

    expect(await screen.findByTestId('guidelines-acks-summary')).toHaveTextContent(
      '1 of 2 members acknowledged the current version.',
    );
    const rows = screen.getAllByTestId('guidelines-ack-row');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('Alice'), 'BobNot yet']);

    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:guidelines';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe(`guidelines-${w.design.teamId}-v1.csv`);
    });
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(await blobs[0]!.text()).toBe(w.api.guidelines.csv);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:guidelines');
  });

  it('shows a member the guidelines and their acknowledgement, without the editor', async () => {
    w.api.guidelines.list = w.api.guidelines.list.map((g) => ({ ...g, acknowledgedVersion: g.current!.version }));
    await renderSignedIn(<GuidelinesPanel />, w.design.id);
    await useStore.getState().loadGuidelines();
    expect(await screen.findByTestId('guidelines-acknowledged')).toHaveTextContent(
      'You have acknowledged this version.',
    );
    expect(screen.queryByTestId('guidelines-editor')).toBeNull();
    expect(w.api.callsTo('guidelines:acknowledgements')).toEqual([]);
  });
});

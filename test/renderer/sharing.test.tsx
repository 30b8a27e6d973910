import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { uuidv7 } from '../../shared/domain/ids';
import type { Provenance } from '../../shared/protocol';
import { makeMessage, makeStream } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

function provenance(extra: Partial<Provenance>): Provenance {
  return {
    promotionId: uuidv7(),
    sourceStreamId: w.design.id,
    sourceMessageId: uuidv7(),
    sourceTeamId: w.design.teamId!,
    sourceTeamName: 'Design',
    authorId: w.bob.id,
    authorName: 'Bob',
    proposerId: w.bob.id,
    proposerName: 'Bob',
    approverId: w.carol.id,
    approverName: 'Carol Jones',
    publishedAt: Date.now(),
    ...extra,
  };
}

describe('staged sharing', () => {
  it('previews exactly what the organization sees and proposes with a note', async () => {
    const { api, design, alice } = w;
    const m = makeMessage(design, alice, 'We cut build time **in half**');
    api.messages.push(m);
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.click(await screen.findByRole('button', { name: 'Share to organization' }));
    const dialog = await screen.findByRole('dialog', { name: 'Share to organization' });
    const preview = within(dialog).getByTestId('share-preview');
    expect(preview).toHaveTextContent('Shared from Design · by Alice');
    expect(preview.querySelector('strong')).toHaveTextContent('in half');
    await user.type(within(dialog).getByLabelText(/Note for the curators/), 'worth a wider audience');
    await user.click(within(dialog).getByRole('button', { name: 'Propose for organization' }));
    expect(api.callsTo('promotion:propose')).toEqual([{ messageId: m.id, note: 'worth a wider audience' }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('offers sharing only on top-level team messages', async () => {
    const { api, org, alice } = w;
    api.messages.push(makeMessage(org, alice, 'org-wide already'));
    await renderSignedIn(<App />, org.id);
    expect(await screen.findByText('org-wide already')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Share to organization' })).not.toBeInTheDocument();
  });

  it('shows provenance on org copies, linking to the original only for its team', async () => {
    const { api, org, bob } = w;
    const secret = makeStream('Secret');
    api.messages.push(
      makeMessage(org, bob, 'from design', { provenance: provenance({}) }),
      makeMessage(org, bob, 'from secret', {
        provenance: provenance({
          sourceStreamId: secret.id,
          sourceTeamName: 'Secret',
          approverId: null,
          approverName: null,
        }),
      }),
    );
    await renderSignedIn(<App />, org.id);
    const badges = await screen.findAllByTestId('provenance-badge');
    expect(badges[0]).toHaveTextContent('Shared from Design · by Bob · approved by Carol Jones');
    expect(within(badges[0]!).getByRole('button', { name: 'View original' })).toBeInTheDocument();
    expect(badges[1]).toHaveTextContent('original visible to Secret only');
    expect(within(badges[1]!).queryByRole('button')).not.toBeInTheDocument();
    // Alice is neither admin nor a curator of Design, so no Unpublish.
    expect(screen.queryByRole('button', { name: 'Unpublish' })).not.toBeInTheDocument();
  });

  it('lets a curator of the source team unpublish an org copy', async () => {
    const { api, org, design, bob } = w;
    design.role = 'curator';
    const prov = provenance({});
    api.messages.push(makeMessage(org, bob, 'published copy', { provenance: prov }));
    const user = userEvent.setup();
    await renderSignedIn(<App />, org.id);
    await user.click(await screen.findByRole('button', { name: 'Unpublish' }));
    expect(api.callsTo('promotion:unpublish')).toEqual([{ promotionId: prov.promotionId }]);
  });

  it('marks originals that were shared', async () => {
    const { api, design, bob } = w;
    api.messages.push(makeMessage(design, bob, 'a good one', { sharedAt: Date.now() }));
    await renderSignedIn(<App />, design.id);
    expect(await screen.findByTestId('shared-marker')).toHaveTextContent('Shared to organization');
  });

  it('runs the consent, curator queue and my-proposals tabs', async () => {
    const { api, design, alice, bob } = w;
    design.role = 'curator';
    const mine = makeMessage(design, bob, 'bob wrote this');
    const own = makeMessage(design, alice, 'alice wrote this');
    api.messages.push(mine, own);
    // Bob proposed Alice's message: Alice must consent.
    api.me = bob;
    await api.invoke('promotion:propose', { messageId: own.id });
    api.me = alice;
    // Alice proposed her own message: it waits for a curator.
    await api.invoke('promotion:propose', { messageId: own.id, note: 'please' });
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.click(screen.getByRole('button', { name: 'Sharing' }));
    const panel = await screen.findByTestId('sharing-panel');

    const consentItem = await within(panel).findByTestId('promotion-item');
    expect(consentItem).toHaveTextContent('Awaiting author consent');
    await user.click(within(consentItem).getByRole('button', { name: 'Accept' }));
    expect(api.callsTo('promotion:consent')).toEqual([{ promotionId: api.promotions[0]!.id, accept: true }]);

    await user.click(within(panel).getByRole('tab', { name: /Curator queue/ }));
    await waitFor(() => expect(within(panel).getAllByTestId('promotion-item')).toHaveLength(2));
    const first = within(panel).getAllByTestId('promotion-item')[0]!;
    await user.type(within(first).getByLabelText('Decision note'), 'nice');
    await user.click(within(first).getByRole('button', { name: 'Approve' }));
    expect(api.callsTo('promotion:decide')).toEqual([
      { promotionId: api.promotions[0]!.id, approve: true, note: 'nice' },
    ]);

    await user.click(within(panel).getByRole('tab', { name: /My proposals/ }));
    // what I proposed, apart from my post that bob proposed (published by now)
    const byMe = await within(panel).findByTestId('proposed-by-me');
    expect(within(byMe).getByTestId('promotion-item')).toHaveTextContent('Awaiting curator approval');
    const byOthers = within(panel).getByTestId('proposed-by-others');
    expect(byOthers).toHaveTextContent('My posts proposed by others');
    expect(within(byOthers).getByTestId('promotion-item')).toHaveTextContent('Published');
    await user.click(within(byMe).getByRole('button', { name: 'Withdraw' }));
    expect(api.callsTo('promotion:withdraw')).toEqual([{ promotionId: api.promotions[1]!.id }]);
    await waitFor(() =>
      expect(within(within(panel).getByTestId('proposed-by-me')).getByTestId('promotion-item')).toHaveTextContent(
        'Withdrawn',
      ),
    );
  });

  it('counts what waits for me on the Sharing button, opens on that tab, and marks my proposed message', async () => {
    const { api, design, alice, bob } = w;
    const own = makeMessage(design, alice, 'alice wrote this');
    api.messages.push(own);
    // bob proposed alice's message: it waits for her consent
    api.me = bob;
    await api.invoke('promotion:propose', { messageId: own.id });
    api.me = alice;
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    const button = screen.getByRole('button', { name: 'Sharing' });
    await waitFor(() => expect(within(button).getByTestId('sharing-count')).toHaveTextContent('1'));
    expect(button).toHaveAccessibleDescription('1 item waits for you');
    // the message shows that it is on its way to the organization
    const item = (await screen.findAllByTestId('message-item')).find((el) =>
      el.textContent?.includes('alice wrote this'),
    )!;
    expect(within(item).getByTestId('proposed-marker')).toHaveTextContent('Proposed for the organization');
    await user.click(button);
    const panel = await screen.findByTestId('sharing-panel');
    expect(within(panel).getByRole('tab', { name: /Needs my consent/ })).toHaveAttribute('aria-selected', 'true');
    await user.click(await within(panel).findByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(within(button).queryByTestId('sharing-count')).not.toBeInTheDocument());
    await waitFor(() => expect(within(item).queryByTestId('proposed-marker')).not.toBeInTheDocument());
  });

  it('opens on the curator queue when only the queue has work', async () => {
    const { api, design, bob } = w;
    design.role = 'curator';
    const theirs = makeMessage(design, bob, 'bob wrote this');
    api.messages.push(theirs);
    api.me = bob;
    await api.invoke('promotion:propose', { messageId: theirs.id });
    api.me = w.alice;
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    const button = screen.getByRole('button', { name: 'Sharing' });
    await waitFor(() => expect(within(button).getByTestId('sharing-count')).toHaveTextContent('1'));
    await user.click(button);
    const panel = await screen.findByTestId('sharing-panel');
    expect(within(panel).getByRole('tab', { name: /Curator queue/ })).toHaveAttribute('aria-selected', 'true');
  });
});

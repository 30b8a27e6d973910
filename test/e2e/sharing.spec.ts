// Issue 6 in Chromium: staged sharing from a team to the organization. Bob proposes his post, Alice
// (Design curator) approves it from her queue, Carol (Engineering) sees the org copy with provenance
// but cannot reach the Design original. Then Alice proposes another of Bob's posts, Bob declines, and
// nobody outside Design ever sees it.
import { expect, test, type Page } from '@playwright/test';
import { messageWith, openStream, rawClient, screenshot, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';
import { request } from '../helpers/server';

const e2e = useE2EEnv();

async function openSharing(page: Page, tab: string) {
  const panel = page.getByTestId('sharing-panel');
  if (!(await panel.isVisible())) await page.getByRole('button', { name: 'Sharing', exact: true }).click();
  await panel.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
  return panel;
}

async function proposeFromStream(page: Page, text: string, note: string) {
  const item = messageWith(page, text);
  await item.hover();
  await item.getByRole('button', { name: 'Share to organization' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share to organization' });
  await expect(dialog.getByTestId('share-preview')).toContainText(text);
  await dialog.getByLabel('Note for the curators (optional)').fill(note);
  await screenshot(page, 'share-dialog');
  await dialog.getByRole('button', { name: 'Propose for organization' }).click();
  await expect(dialog).toHaveCount(0);
}

test('propose, approve, and the org copy carries provenance without opening the team thread', async ({ browser }) => {
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const carol = await signIn(browser, e2e(), 'carol@acme.test');
  await openStream(bob.page, 'Design');
  await openStream(carol.page, 'Acme');

  const post = `Design system 2.0 ships next week ${Date.now()}`;
  await sendMessage(bob.page, 'Design', post);
  await expect(messageWith(bob.page, post)).toHaveAttribute('data-status', 'sent');
  await proposeFromStream(bob.page, post, 'Worth telling everyone');
  const mine = await openSharing(bob.page, 'My proposals');
  await expect(mine.getByTestId('promotion-item').filter({ hasText: post })).toHaveAttribute(
    'data-state',
    'awaiting_approval',
  );
  // Not published yet: the organization does not see it.
  await expect(messageWith(carol.page, post)).toHaveCount(0);

  await openStream(alice.page, 'Design');
  const queue = await openSharing(alice.page, 'Curator queue');
  const proposal = queue.getByTestId('promotion-item').filter({ hasText: post });
  await expect(proposal).toContainText('Worth telling everyone');
  await screenshot(alice.page, 'curator-queue');
  await proposal.getByRole('button', { name: 'Approve' }).click();
  await expect(queue.getByTestId('promotion-item').filter({ hasText: post })).toHaveCount(0);

  // Carol, outside Design, gets the org copy live, with where it came from.
  const copy = messageWith(carol.page, post);
  await expect(copy).toBeVisible();
  const provenance = copy.getByTestId('provenance-badge');
  await expect(provenance).toContainText('Shared from Design');
  await expect(provenance).toContainText('by Bob Baker');
  await expect(provenance).toContainText('approved by Alice Archer');
  await expect(provenance).toContainText('original visible to Design only');
  await expect(provenance.getByRole('button', { name: 'View original' })).toHaveCount(0);
  await screenshot(carol.page, 'org-copy-provenance');
  // Bob's original is marked as shared.
  await openStream(bob.page, 'Design');
  await expect(messageWith(bob.page, post).getByTestId('shared-marker')).toBeVisible();

  // And the server refuses Carol the Design stream outright (what "View original" would need).
  const raw = await rawClient(e2e(), 'carol@acme.test');
  try {
    const bobRaw = await rawClient(e2e(), 'bob@acme.test');
    const designId = await bobRaw.streamId('Design');
    bobRaw.close();
    const refused = await request(raw.socket, 'sync', { streamId: designId, afterSeq: 0, limit: 10 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(['FORBIDDEN', 'NOT_FOUND']).toContain(refused.error.code);
  } finally {
    raw.close();
  }
  for (const user of [alice, bob, carol]) await user.context.close();
});

test('a post the author declines never leaves the team', async ({ browser }) => {
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const carol = await signIn(browser, e2e(), 'carol@acme.test');
  await openStream(bob.page, 'Design');
  await openStream(alice.page, 'Design');
  await openStream(carol.page, 'Acme');

  const post = `Rough draft, do not circulate ${Date.now()}`;
  await sendMessage(bob.page, 'Design', post);
  await expect(messageWith(alice.page, post)).toHaveAttribute('data-status', 'sent');
  await proposeFromStream(alice.page, post, 'Could be useful org-wide');

  const consent = await openSharing(bob.page, 'Needs my consent');
  const request_ = consent.getByTestId('promotion-item').filter({ hasText: post });
  await expect(request_).toHaveAttribute('data-state', 'awaiting_consent');
  await screenshot(bob.page, 'consent-request');
  await request_.getByRole('button', { name: 'Decline' }).click();
  const aliceMine = await openSharing(alice.page, 'My proposals');
  await expect(aliceMine.getByTestId('promotion-item').filter({ hasText: post })).toHaveAttribute(
    'data-state',
    'declined',
  );

  // Outside Design nothing shows: not Carol's org stream, not her search, not her sharing lists.
  await expect(messageWith(carol.page, post)).toHaveCount(0);
  await carol.page.getByRole('button', { name: 'Search', exact: true }).click();
  await carol.page.getByRole('searchbox', { name: 'Search messages' }).fill('circulate');
  await expect(carol.page.getByTestId('search-panel').getByText('No results.')).toBeVisible();
  for (const tab of ['Needs my consent', 'My proposals']) {
    const panel = await openSharing(carol.page, tab);
    await expect(panel.getByTestId('promotion-item').filter({ hasText: post })).toHaveCount(0);
  }
  // Nor what the server holds for her, or for Dave (org admin, not in Design).
  for (const email of ['carol@acme.test', 'dave@acme.test']) {
    const raw = await rawClient(e2e(), email);
    try {
      expect(await raw.bodies(await raw.streamId('Acme'))).not.toContain(post);
    } finally {
      raw.close();
    }
  }
  for (const user of [alice, bob, carol]) await user.context.close();
});

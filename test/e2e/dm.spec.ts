// Issue 16 in Chromium: Alice opens a direct conversation with Bob from the quick switcher; Bob sees
// it arrive live in his sidebar with an unread badge and replies; Carol sees nothing of it anywhere
// she looks (sidebar, switcher, search: local and server).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { messageWith, openStream, screenshot, sendMessage, signIn, streamButton, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

/** The serious and critical axe violations on the page now (as a11y.spec.ts counts them). */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a DM reaches its participant live and nobody else', async ({ browser }) => {
  // three apps and two axe scans on a shared machine
  test.setTimeout(120_000);
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  const carol = await signIn(browser, e2e(), 'carol@acme.test');
  const secret = `quietword${Date.now()}`;

  // Alice: Ctrl+K, a person's name, Enter → the conversation opens, empty
  await alice.page.keyboard.press('Control+k');
  const switcher = alice.page.getByRole('dialog', { name: 'Switch stream' });
  await switcher.getByRole('combobox', { name: 'Stream name' }).fill('Bob');
  await switcher.getByRole('option', { name: 'Message Bob Baker' }).click();
  await expect(alice.page.getByTestId('stream-title')).toContainText('Bob Baker');
  const directs = alice.page.getByTestId('direct-list');
  await expect(streamButton(alice.page, 'Bob Baker')).toBeVisible();
  await expect(directs.getByTestId('stream-item')).toHaveCount(1);
  await sendMessage(alice.page, 'Bob Baker', `Between us: the ${secret} plan`);
  await expect(messageWith(alice.page, secret)).toHaveAttribute('data-status', 'sent');
  // a DM message offers no share action
  await messageWith(alice.page, secret).hover();
  await expect(messageWith(alice.page, secret).getByRole('button', { name: 'Share to organization' })).toHaveCount(0);

  // Bob: never reloaded; the conversation appears with its unread badge, then he replies
  const fromAlice = streamButton(bob.page, 'Alice Archer');
  await expect(fromAlice.getByTestId('unread-badge')).toHaveText('1');
  await screenshot(bob.page, 'dm-unread-bob');
  await openStream(bob.page, 'Alice Archer');
  await expect(messageWith(bob.page, secret)).toBeVisible();
  await sendMessage(bob.page, 'Alice Archer', 'Got it, thanks');
  await expect(messageWith(bob.page, 'Got it, thanks')).toHaveAttribute('data-status', 'sent');
  await expect(messageWith(alice.page, 'Got it, thanks')).toBeVisible();

  // Carol: a later message in Acme reaches her first (the sentinel), then nothing of the DM is anywhere
  const sentinel = `Acme sentinel ${Date.now()}`;
  await openStream(alice.page, 'Acme');
  await sendMessage(alice.page, 'Acme', sentinel);
  await openStream(carol.page, 'Acme');
  await expect(messageWith(carol.page, sentinel)).toBeVisible();
  await expect(carol.page.getByTestId('direct-list').getByTestId('stream-item')).toHaveCount(0);
  await carol.page.keyboard.press('Control+k');
  const hers = carol.page.getByRole('dialog', { name: 'Switch stream' });
  await hers.getByRole('combobox', { name: 'Stream name' }).fill('Alice');
  await expect(hers.getByTestId('switcher-person')).toHaveText(['Message Alice Archer']);
  await expect(hers.getByTestId('switcher-stream')).toHaveCount(0);
  await hers.getByRole('combobox', { name: 'Stream name' }).fill('Bob');
  await expect(hers.getByTestId('switcher-stream')).toHaveCount(0);
  await carol.page.keyboard.press('Escape');
  await carol.page.getByRole('button', { name: 'Search', exact: true }).click();
  await carol.page.getByRole('searchbox', { name: 'Search messages' }).fill(secret);
  await expect(carol.page.getByTestId('search-panel').getByText('No results.')).toBeVisible();
  await expect(carol.page.getByTestId('search-hit')).toHaveCount(0);

  // the search itself works: Bob finds it
  await bob.page.getByRole('button', { name: 'Search', exact: true }).click();
  await bob.page.getByRole('searchbox', { name: 'Search messages' }).fill(secret);
  await expect(bob.page.getByTestId('search-hit').filter({ hasText: secret })).toHaveCount(1);

  // the conversation view and the people picker are accessible
  expect(await seriousViolations(bob.page), 'DM view').toEqual([]);
  await bob.page.getByRole('button', { name: 'New conversation' }).click();
  const picker = bob.page.getByRole('dialog', { name: 'New conversation' });
  await expect(picker.getByRole('checkbox').first()).toBeVisible();
  expect(await seriousViolations(bob.page), 'people picker').toEqual([]);
  await screenshot(bob.page, 'dm-picker');
  await picker.getByRole('button', { name: 'Cancel' }).click();
  await expect(picker).toHaveCount(0);

  for (const user of [alice, bob, carol]) expect(user.errors, `uncaught errors in ${user.email}'s page`).toEqual([]);
});

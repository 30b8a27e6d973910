// Issue 17 in Chromium: Bob shows his title to the organization and keeps his phone to himself;
// Alice opens Bob's card from one of his messages and sees the title, not the phone. The first-run
// tour greets each of them, can be skipped, and comes back from Help.
import { expect, test } from '@playwright/test';
import { openStream, screenshot, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('a profile shows each viewer only what its owner allows; the first-run tour skips and comes back', async ({
  browser,
}) => {
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  // the first run greets him beside the stream, says profiles are private, and can be skipped
  const tour = bob.page.getByRole('complementary', { name: 'Welcome' });
  await expect(tour).toContainText('each one is private (only you)');
  await tour.getByRole('button', { name: 'Skip the tour' }).click();
  await expect(tour).toBeHidden();

  await bob.page.getByRole('button', { name: 'Settings' }).click();
  const editor = bob.page.getByTestId('profile-editor');
  await expect(editor.getByLabel('Who may see: Title')).toHaveValue('nobody');
  await editor.getByLabel('Title', { exact: true }).fill('Illustrator');
  await editor.getByLabel('Who may see: Title').selectOption('org');
  await editor.getByLabel('Phone', { exact: true }).fill('+358 40 555 0100');
  await editor.getByLabel('Who may see: Phone').selectOption('nobody');
  await editor.getByRole('button', { name: 'Save profile' }).click();
  await expect(editor.getByText('Profile saved.')).toBeVisible();
  await bob.page.getByRole('button', { name: 'Close settings' }).click();
  await openStream(bob.page, 'Design');
  const body = `Profile check ${Date.now()}`;
  await sendMessage(bob.page, 'Design', body);

  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  await openStream(alice.page, 'Design');
  await expect(alice.page.getByTestId('stream-view').getByText(body)).toBeVisible();
  await alice.page.getByTestId('message-author').filter({ hasText: 'Bob Baker' }).last().click();
  const card = alice.page.getByRole('dialog', { name: 'Bob Baker' });
  await expect(card.getByTestId('profile-title')).toContainText('Illustrator');
  await expect(card.getByTestId('profile-phone')).toHaveCount(0);
  await expect(card).not.toContainText('555');
  await screenshot(alice.page, 'profile-card');
  await alice.page.keyboard.press('Escape');
  await expect(card).toBeHidden();

  // alice skips her tour too, then asks for it again from Help
  const hers = alice.page.getByRole('complementary', { name: 'Welcome' });
  await hers.getByRole('button', { name: 'Skip the tour' }).click();
  await expect(hers).toBeHidden();
  await alice.page.getByRole('button', { name: 'Help' }).click();
  const help = alice.page.getByRole('complementary', { name: 'Help' });
  await expect(help.getByText('Switch to another stream')).toBeVisible();
  await screenshot(alice.page, 'help-panel');
  await help.getByRole('button', { name: 'Show the tour again' }).click();
  await expect(hers).toBeVisible();
  await hers.getByRole('button', { name: 'Not now' }).click();
  await expect(hers.getByRole('heading', { name: 'Your team’s stream' })).toBeVisible();
  expect(alice.errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});

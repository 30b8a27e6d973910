// Issues 16 and 17's small pieces in Chromium: Alice puts an emoji into her message from the
// composer's emoji button (search, keyboard), Bob reads it; then Bob chooses another display name and
// Alice's open message list renames him on his existing message, live.
import { expect, test } from '@playwright/test';
import { messageWith, openStream, screenshot, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('the composer’s emoji button inserts at the caret; a new display name shows live', async ({ browser }) => {
  test.setTimeout(180_000); // two signed-in browsers on a shared machine
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  for (const who of [alice, bob]) {
    const tour = who.page.getByRole('complementary', { name: 'Welcome' });
    if (await tour.isVisible()) await tour.getByRole('button', { name: 'Skip the tour' }).click();
  }
  await openStream(alice.page, 'Design');
  await openStream(bob.page, 'Design');

  const stamp = Date.now();
  const box = alice.page.getByRole('textbox', { name: 'Message Design' });
  await box.fill(`Launch ${stamp} today`);
  await box.press('Home');
  for (let i = 0; i < 'Launch'.length; i += 1) await box.press('ArrowRight');
  await alice.page.getByRole('button', { name: 'Insert emoji' }).click();
  const search = alice.page.getByRole('combobox', { name: 'Search emoji' });
  await expect(search).toBeFocused();
  await search.fill('rocket');
  await search.press('Enter');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue(`Launch🚀 ${stamp} today`);
  await screenshot(alice.page, 'composer-emoji');
  await box.press('Enter');
  await expect(messageWith(bob.page, `Launch🚀 ${stamp} today`)).toBeVisible();

  // Bob sends a message, then renames himself; Alice's list follows without reloading
  const body = `Display name check ${stamp}`;
  await sendMessage(bob.page, 'Design', body);
  const bobsMessage = messageWith(alice.page, body);
  await expect(bobsMessage.getByTestId('message-author')).toHaveText('Bob Baker');
  await bob.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const editor = bob.page.getByTestId('profile-editor');
  await editor.getByLabel('Display name', { exact: true }).fill('Robert Baker');
  await editor.getByRole('button', { name: 'Save profile' }).click();
  await expect(editor.getByText('Profile saved.')).toBeVisible();
  await expect(bobsMessage.getByTestId('message-author')).toHaveText('Robert Baker');
  await screenshot(alice.page, 'display-name-live');
  expect(alice.errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});

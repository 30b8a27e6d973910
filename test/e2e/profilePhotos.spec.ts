// Issue 17's photo in Chromium: Bob picks a photo (private at first), shows it to his teams; Alice
// (Design, his team) sees it on his message, Carol (Engineering only) sees his initials.
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { messageWith, openStream, screenshot, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('a photo is shown to those its visibility admits, the initials to everyone else', async ({ browser }) => {
  test.setTimeout(180_000); // three signed-in browsers on a shared machine
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  await bob.page.getByRole('complementary', { name: 'Welcome' }).getByRole('button', { name: 'Skip the tour' }).click();
  await bob.page.getByRole('button', { name: 'Settings' }).click();
  const editor = bob.page.getByTestId('profile-editor');
  const picker = editor.getByTestId('photo-picker');
  await expect(picker.getByTestId('avatar-initials')).toBeVisible();
  const image = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2a7' } })
    .jpeg()
    .toBuffer();
  await editor.getByTestId('photo-input').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: image });
  await expect(picker.getByTestId('avatar-photo')).toBeVisible();
  await expect(editor.getByLabel('Who may see: Photo')).toHaveValue('nobody');
  await editor.getByLabel('Who may see: Photo').selectOption('teams');
  await editor.getByRole('button', { name: 'Save profile' }).click();
  await expect(editor.getByText('Profile saved.')).toBeVisible();
  await bob.page.getByRole('button', { name: 'Close settings' }).click();
  const body = `Photo check ${Date.now()}`;
  await openStream(bob.page, 'Acme');
  await sendMessage(bob.page, 'Acme', body);

  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  await openStream(alice.page, 'Acme');
  const seen = messageWith(alice.page, body);
  await expect(seen.getByTestId('avatar-photo')).toBeVisible();
  await expect(seen.getByTestId('avatar-photo')).toHaveAttribute('src', /^data:image\/webp;base64,/);
  await screenshot(alice.page, 'profile-photo-avatar');

  const carol = await signIn(browser, e2e(), 'carol@acme.test');
  await openStream(carol.page, 'Acme');
  const hidden = messageWith(carol.page, body);
  await expect(hidden).toBeVisible();
  await expect(hidden.getByTestId('avatar-initials')).toHaveText('BB');
  await expect(hidden.getByTestId('avatar-photo')).toHaveCount(0);

  // Bob shows it to the organization: Carol's open app shows it without a reload
  await bob.page.getByRole('button', { name: 'Settings' }).click();
  await editor.getByLabel('Who may see: Photo').selectOption('org');
  await editor.getByRole('button', { name: 'Save profile' }).click();
  await expect(editor.getByText('Profile saved.')).toBeVisible();
  await expect(hidden.getByTestId('avatar-photo')).toBeVisible();
  for (const who of [alice, bob, carol]) expect(who.errors).toEqual([]);
});

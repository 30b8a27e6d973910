// The admin console in Chromium: Dave (org admin) adds Carol to Design and Carol's open app shows
// Design at once, without a reconnect; Dave adds a deny rule and the tester box says the link is
// blocked, and the saved policy is the server's.
import { expect, test } from '@playwright/test';
import { openStream, screenshot, signIn, streamButton, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('an admin adds a member live and tests a deny rule', async ({ browser }) => {
  const dave = await signIn(browser, e2e(), 'dave@acme.test');
  const carol = await signIn(browser, e2e(), 'carol@acme.test');
  await openStream(carol.page, 'Acme');
  await expect(streamButton(carol.page, 'Design')).toHaveCount(0);

  await openStream(dave.page, 'Acme');
  await dave.page.getByRole('button', { name: 'Admin console' }).click();
  const panel = dave.page.getByTestId('admin-panel');
  await panel.getByRole('tab', { name: 'Teams' }).click();
  const design = panel.getByTestId('admin-team-design');
  await design.getByLabel('Person to add to Design').selectOption({ label: 'Carol Chen' });
  await design.getByRole('button', { name: 'Add member' }).click();
  await expect(design.getByLabel('Role of Carol Chen in Design')).toHaveValue('member');
  // Carol's app hears it from the server: Design appears in her sidebar
  await expect(streamButton(carol.page, 'Design')).toHaveCount(1);
  await screenshot(carol.page, 'admin-member-added');

  await panel.getByRole('tab', { name: 'Link policy' }).click();
  const links = panel.getByTestId('admin-links');
  await links.getByLabel('Would this link be allowed?').fill('https://www.evil.test/x');
  await expect(links.getByTestId('admin-link-verdict')).toHaveText('Allowed');
  await links.getByLabel('Denied domains (one a line)').fill('evil.test');
  await expect(links.getByTestId('admin-link-verdict')).toContainText('Blocked');
  await links.getByRole('button', { name: 'Save link policy' }).click();
  await expect(links.getByRole('status').first()).toContainText('Saved');
  await screenshot(dave.page, 'admin-link-tester');
});

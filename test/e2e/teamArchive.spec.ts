// Archiving a team in Chromium: Dave (org admin) archives Design from the admin console after a
// confirmation; Bob's open app moves Design under "Archived teams" and replaces its composer with the
// notice, without a reconnect; the history stays readable. Dave opens it again and Bob can post.
import { expect, test } from '@playwright/test';
import { messageWith, openStream, screenshot, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('an admin archives a team: its members can read but no longer post, live', async ({ browser }) => {
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  const dave = await signIn(browser, e2e(), 'dave@acme.test');
  await openStream(bob.page, 'Design');
  await sendMessage(bob.page, 'Design', 'before the archive');
  await expect(messageWith(bob.page, 'before the archive')).toBeVisible();
  await expect(bob.page.getByRole('textbox', { name: 'Message Design' })).toBeVisible();

  await openStream(dave.page, 'Acme');
  await dave.page.getByRole('button', { name: 'Admin console' }).click();
  const panel = dave.page.getByTestId('admin-panel');
  await panel.getByRole('tab', { name: 'Teams' }).click();
  const design = panel.getByTestId('admin-team-design');
  await design.getByRole('button', { name: 'Archive' }).click();
  const confirm = design.getByTestId('team-archive-confirm');
  await expect(confirm).toContainText('Archive Design?');
  await confirm.getByRole('button', { name: 'Archive' }).click();
  await expect(design.getByTestId('team-archived-badge')).toBeVisible();

  // Bob's app hears it from the server: the composer gives way to the notice, the history stays
  await expect(bob.page.getByTestId('archived-notice')).toHaveText('This team is archived: you can read its history');
  await expect(bob.page.getByRole('textbox', { name: 'Message Design' })).toHaveCount(0);
  await expect(messageWith(bob.page, 'before the archive')).toBeVisible();
  await expect(bob.page.getByTestId('archived-teams')).toBeVisible();
  await screenshot(bob.page, 'team-archived');

  await design.getByRole('button', { name: 'Unarchive' }).click();
  await design.getByTestId('team-archive-confirm').getByRole('button', { name: 'Unarchive' }).click();
  await expect(bob.page.getByTestId('archived-teams')).toHaveCount(0);
  await sendMessage(bob.page, 'Design', 'open again');
  await expect(messageWith(bob.page, 'open again')).toBeVisible();
});

// Issue 17, "Guidelines, acknowledged", in Chromium: Alice, curator of Design, publishes guidelines
// that posting requires acknowledging; Bob, with Design open, is asked at once, cannot post until he
// has read them, and can after; Alice sees Bob in the acknowledgements as it happens.
import { expect, test } from '@playwright/test';
import { messageWith, openStream, screenshot, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('a curator publishes guidelines that posting requires; a member reads and acknowledges them', async ({
  browser,
}) => {
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  await openStream(bob.page, 'Design');
  await openStream(alice.page, 'Design');

  await alice.page.getByTestId('guidelines-button').click();
  const panel = alice.page.getByTestId('guidelines-panel');
  await panel.getByTestId('guidelines-editor').fill('# Design guidelines\n\nCredit **every** source.');
  await panel.getByRole('button', { name: 'Preview' }).click();
  await expect(
    panel.getByTestId('guidelines-preview').getByRole('heading', { name: 'Design guidelines' }),
  ).toBeVisible();
  await panel.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(panel.getByTestId('guidelines-acknowledged')).toBeVisible();
  await panel.getByTestId('guidelines-require').check();
  await expect(panel.getByTestId('guidelines-acks-summary')).toHaveText(
    '1 of 2 members acknowledged the current version.',
  );

  // Bob had Design open: the push makes his app ask at once
  const dialog = bob.page.getByTestId('guidelines-dialog');
  await expect(dialog.getByRole('heading', { name: 'Guidelines of Design' })).toBeVisible();
  await expect(dialog.getByTestId('guidelines-body').locator('strong')).toHaveText('every');
  await dialog.getByRole('button', { name: 'Later' }).click();
  await expect(bob.page.getByTestId('guidelines-notice')).toContainText(
    'Posting in Design requires acknowledging its guidelines (version 1) first.',
  );
  const blocked = `Before reading ${Date.now()}`;
  await sendMessage(bob.page, 'Design', blocked);
  await expect(bob.page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await expect(messageWith(bob.page, blocked)).toHaveCount(0);

  await bob.page.getByTestId('guidelines-notice').getByRole('button', { name: 'Read the guidelines' }).click();
  await dialog.getByRole('button', { name: 'I have read these' }).click();
  await expect(dialog).toBeHidden();
  await expect(bob.page.getByTestId('guidelines-notice')).toBeHidden();
  const after = `After reading ${Date.now()}`;
  await sendMessage(bob.page, 'Design', after);
  await expect(messageWith(bob.page, after)).toHaveAttribute('data-status', 'sent');
  await expect(messageWith(alice.page, after)).toBeVisible();

  // Alice's acknowledgements view follows live
  await expect(panel.getByTestId('guidelines-acks-summary')).toHaveText(
    '2 of 2 members acknowledged the current version.',
  );
  await expect(panel.getByTestId('guidelines-ack-row').filter({ hasText: 'Bob Baker' })).toContainText('Version 1');
  await screenshot(alice.page, 'guidelines-acknowledgements');
  expect(bob.errors).toEqual([]);
  expect(alice.errors).toEqual([]);
});

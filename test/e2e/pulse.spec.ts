// The team pulse end to end: a curator opens it from the stream header and sees this week's posts
// counted by the server (one more after she posts); a member of the same team has no pulse button.
import { expect, test, type Page } from '@playwright/test';
import { messageWith, openStream, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

/** This week's post count as the pulse panel's table shows it (its last row, the Posts column). */
async function postsThisWeek(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Team pulse' }).click();
  const panel = page.getByRole('complementary', { name: 'Team pulse' });
  const table = panel.getByTestId('pulse-activity').locator('table');
  await expect(table.locator('caption')).toHaveText('Posts and replies per week');
  const cell = table.locator('tbody tr').last().locator('td[data-column="posts"]');
  const count = Number((await cell.innerText()).replace(/\D/g, ''));
  await panel.getByRole('button', { name: 'Close team pulse' }).click();
  return count;
}

test('a curator sees this week’s post count in the team pulse; a member has no pulse button', async ({ browser }) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  await openStream(alice.page, 'Design');
  const before = await postsThisWeek(alice.page);
  const text = `A small win worth counting (${test.info().testId})`;
  await sendMessage(alice.page, 'Design', text);
  await expect(messageWith(alice.page, text)).toHaveAttribute('data-status', 'sent');
  expect(await postsThisWeek(alice.page)).toBe(before + 1);

  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  await openStream(bob.page, 'Design');
  await expect(bob.page.getByRole('button', { name: 'Guidelines' })).toBeVisible();
  await expect(bob.page.getByRole('button', { name: 'Team pulse' })).toHaveCount(0);
});

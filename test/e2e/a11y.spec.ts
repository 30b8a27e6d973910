// Accessibility of the main screens in Chromium (issue 13 §8): axe-core on login, a stream, a thread,
// search, the sharing panel and the settings screen, with no serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { messageWith, openApp, openStream, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

/** The serious and critical violations axe finds on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('login, stream, thread, search, sharing and settings have no serious or critical axe violations', async ({
  browser,
}) => {
  // six full axe scans of a live app on a shared machine
  test.setTimeout(180_000);
  const { page: loginPage, context } = await openApp(browser, e2e(), { host: await e2e().newHost() });
  await expect(loginPage.getByTestId('login-form')).toBeVisible();
  expect(await seriousViolations(loginPage), 'login').toEqual([]);
  await context.close();

  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const page = alice.page;
  await openStream(page, 'Design');
  const text = `Accessible palette notes (${test.info().testId})`;
  await sendMessage(page, 'Design', text);
  await expect(messageWith(page, text)).toHaveAttribute('data-status', 'sent');
  expect(await seriousViolations(page), 'stream').toEqual([]);

  await messageWith(page, text).hover();
  await messageWith(page, text).getByRole('button', { name: 'Reply in thread' }).click();
  await expect(page.getByTestId('thread-panel')).toBeVisible();
  expect(await seriousViolations(page), 'thread').toEqual([]);
  await page.getByRole('button', { name: 'Close thread' }).click();

  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('palette');
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  expect(await seriousViolations(page), 'search').toEqual([]);

  await page.getByRole('button', { name: 'Sharing', exact: true }).click();
  await expect(page.getByTestId('sharing-panel')).toBeVisible();
  expect(await seriousViolations(page), 'sharing').toEqual([]);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('settings-panel').getByTestId('about')).toBeVisible();
  expect(await seriousViolations(page), 'settings').toEqual([]);
  expect(alice.errors).toEqual([]);
});

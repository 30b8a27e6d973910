// The built app in a Finnish browser: it follows the browser's language on the login screen and the
// main screen, formats times the Finnish way, and does so under the app's strict CSP (catalogs are
// pre-parsed at build time; nothing is evaluated), with no page error.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { cspViolations, recordCspViolations, screenshot, streamButton, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('a fi-FI browser gets the Finnish interface, from sign-in to sending a message', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fi-FI' });
  // Recorded from the first script on: a CSP refusal (eval, inline code) would land here.
  await recordCspViolations(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(e2e().hostUrl);

  // The login screen, in Finnish; the demo server says it runs the demo, so its accounts are offered.
  const form = page.getByRole('form', { name: 'Kirjaudu sisään' });
  await expect(form).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
  await expect(form.getByLabel('Palvelimen osoite')).toHaveValue(e2e().serverUrl);
  await expect(form.getByTestId('demo-accounts')).toContainText('Esittelytilit');
  await form.getByLabel('Sähköposti').fill('alice@acme.test');
  await form.getByLabel('Salasana').fill('not-the-password');
  await form.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await expect(page.getByTestId('login-error')).toHaveText('Väärä sähköpostiosoite tai salasana.');
  await screenshot(page, 'login-finnish');

  await form.getByRole('button', { name: 'Käytä esittelytiliä alice@acme.test' }).click();
  await expect(form.getByLabel('Salasana')).toHaveValue(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Kirjaudu', exact: true }).click();

  // The main screen, in Finnish.
  const nav = page.getByRole('navigation', { name: 'Kanavat' });
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('heading', { name: 'Tiimit' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Kirjaudu ulos' })).toBeVisible();
  await streamButton(page, 'Design').click();
  await expect(page.getByRole('button', { name: 'Haku', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Jakaminen', exact: true })).toBeVisible();
  const text = `Hei kaikki (${test.info().testId})`;
  const box = page.getByRole('textbox', { name: 'Viesti kanavalle Design' });
  await box.fill(text);
  await box.press('Enter');
  const sent = page.getByTestId('stream-view').getByTestId('message-item').filter({ hasText: text });
  await expect(sent).toHaveAttribute('data-status', 'sent');
  // Today's separator and a Finnish clock time (14.05, not 2:05 PM) in the message's name.
  await expect(page.getByTestId('day-separator').last()).toHaveText('Tänään');
  await expect(sent).toHaveAttribute('aria-label', /^Alice Archer klo \d{2}\.\d{2}$/);
  await screenshot(page, 'main-finnish');

  expect(await cspViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

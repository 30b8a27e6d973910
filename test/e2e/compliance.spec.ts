// Issue 15, the compliance console in Chromium: a compliance officer exports the organization's
// history as JSONL from the console (the progress bar reaches 100% and the file holds the message
// Bob just posted), then places a legal hold on Bob and releases it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  messageWith,
  openApp,
  openStream,
  screenshot,
  sendMessage,
  signIn,
  submitLogin,
  useE2EEnv,
} from '../helpers/e2e';

const e2e = useE2EEnv();

test('a compliance officer exports JSONL with a progress bar, and places and releases a legal hold', async ({
  browser,
}) => {
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  await openStream(bob.page, 'Design');
  const body = `For the archive ${Date.now()}`;
  await sendMessage(bob.page, 'Design', body);
  await expect(messageWith(bob.page, body)).toHaveAttribute('data-status', 'sent');

  await e2e().server().admin.addUser({
    org: 'Acme',
    email: 'erin@acme.test',
    name: 'Erin Evans',
    password: 'compliance-password',
    orgRole: 'compliance',
  });
  const host = await e2e().newHost();
  const { page, errors } = await openApp(browser, e2e(), { host });
  await submitLogin(page, 'erin@acme.test', 'compliance-password');
  await expect(page.getByTestId('stream-item').first()).toBeVisible();
  await page.getByTestId('stream-item').first().click();

  await page.getByTestId('compliance-button').click();
  const exporter = page.getByTestId('compliance-export');
  await exporter.getByRole('button', { name: 'Export' }).click();
  await expect(exporter.getByTestId('export-done')).toBeVisible();
  const bar = exporter.getByRole('progressbar', { name: 'Export progress' });
  const max = await bar.getAttribute('max');
  expect(Number(max)).toBeGreaterThan(0);
  await expect(bar).toHaveAttribute('value', max!);
  await screenshot(page, 'compliance-export-done');
  // the browser host saves into the core's exports folder (no save dialog in a page)
  const folder = join(host.coreDataDir, 'exports');
  const [file] = readdirSync(folder).filter((name) => name.endsWith('.jsonl'));
  const lines = readFileSync(join(folder, file!), 'utf8').split('\n').filter(Boolean);
  expect(lines).toHaveLength(Number(max));
  expect(lines.some((line) => line.includes(body))).toBe(true);

  const holds = page.getByTestId('legal-holds');
  const bobOption = await holds.locator('option', { hasText: 'bob@acme.test' }).getAttribute('value');
  await holds.getByTestId('hold-target').selectOption(bobOption!);
  await holds.getByTestId('hold-reason').fill('Matter 12');
  await holds.getByRole('button', { name: 'Place hold' }).click();
  const hold = holds.getByTestId('legal-hold').filter({ hasText: 'Matter 12' });
  await expect(hold).toHaveAttribute('data-active', 'true');
  await expect(hold).toContainText('bob@acme.test');
  await hold.getByRole('button', { name: /Release the hold on/ }).click();
  await expect(hold).toHaveAttribute('data-active', 'false');
  await expect(hold).toContainText('Released');
  await screenshot(page, 'compliance-hold-released');
  expect(errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});

// Issue 13's settings screen and several accounts, in Chromium through the browser host: the theme
// reaches the document, notification levels (global and per stream) are kept by the core across a
// reload, the local data's size and folder and the logs folder are shown; a second account (another
// demo user) is added beside the first, the switcher moves between them, each account's unread
// badge counts what arrived for it while the other was shown; and signing one out with "remove local
// data" deletes its folder while the other account stays.
import { expect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { uuidv7 } from '../../shared/domain/ids';
import {
  messageWith,
  openStream,
  rawClient,
  screenshot,
  signIn,
  streamButton,
  submitLogin,
  useE2EEnv,
} from '../helpers/e2e';
import { request } from '../helpers/server';

const e2e = useE2EEnv();

/** An account's button in the switcher (its accessible name holds the email). */
function accountButton(page: Page, email: string) {
  return page.getByTestId('account-switcher').getByRole('button', { name: new RegExp(email.replaceAll('.', '\\.')) });
}

/** The counts an account's button announces: "Acme, alice@acme.test, 3 unread, 1 mention". */
async function announced(page: Page, email: string): Promise<{ unread: number; mentions: number }> {
  const label = (await accountButton(page, email).getAttribute('aria-label')) ?? '';
  return {
    unread: Number(/(\d+) unread/.exec(label)?.[1] ?? 0),
    mentions: Number(/(\d+) mentions?/.exec(label)?.[1] ?? 0),
  };
}

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const panel = page.getByTestId('settings-panel');
  await expect(panel.getByTestId('about')).toBeVisible();
  return panel;
}

/** Posts as `email` through a raw socket.io client (another person's app). */
async function postAs(email: string, streamName: string, body: string): Promise<void> {
  const raw = await rawClient(e2e(), email);
  try {
    const answer = await request(raw.socket, 'message:send', {
      streamId: await raw.streamId(streamName),
      clientId: uuidv7(),
      body,
    });
    expect(answer.ok).toBe(true);
  } finally {
    raw.close();
  }
}

test('settings: theme on the document, notification levels kept, local data and logs folder shown', async ({
  browser,
}) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const { page } = alice;
  let panel = await openSettings(page);

  // the radios show the core's answer (settings:set), so each click is checked once that came back
  await panel.getByRole('radio', { name: 'Dark' }).click();
  await expect(panel.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await panel.getByRole('radio', { name: 'Light' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  const mentionsOnly = panel
    .getByRole('group', { name: 'Notify me about' })
    .getByRole('radio', { name: 'Mentions of me' });
  await mentionsOnly.click();
  await expect(mentionsOnly).toBeChecked();
  await panel.getByRole('combobox', { name: /^Design/ }).selectOption({ label: 'Nothing' });

  // Local data: a size and the account's folder inside this host's data folder; the logs folder.
  const data = panel.getByTestId('local-data');
  await expect(data).toContainText(/Size\s*\d+(\.\d+)?\s*(B|kB|KB|MB)/);
  await expect(data.locator('code')).toContainText(alice.host.coreDataDir);
  await expect(data).toContainText(/Encrypted\s*yes/);
  await expect(panel.getByTestId('about').locator('code')).toHaveText(join(alice.host.coreDataDir, '..', 'logs'));
  await screenshot(page, 'settings-panel');

  // The core kept every choice: a reload shows them again.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  panel = await openSettings(page);
  await expect(panel.getByRole('radio', { name: 'Light' })).toBeChecked();
  await expect(
    panel.getByRole('group', { name: 'Notify me about' }).getByRole('radio', { name: 'Mentions of me' }),
  ).toBeChecked();
  await expect(panel.getByRole('combobox', { name: /^Design/ })).toHaveValue('nothing');
  expect(alice.errors).toEqual([]);
  await alice.context.close();
});

test('two accounts: add, switch, per-account unread badges, sign one out with its local data removed', async ({
  browser,
}) => {
  const stamp = Date.now();
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const { page } = alice;
  await openStream(page, 'Design');

  // Add Carol (Engineering) beside Alice (Design): her streams show, Alice's account stays listed.
  await page.getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByTestId('add-account');
  await expect(dialog).toBeVisible();
  await submitLogin(page, 'carol@acme.test', DEMO_PASSWORD);
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('account-switcher').getByTestId('account-item')).toHaveCount(2);
  await expect(accountButton(page, 'carol@acme.test')).toHaveAttribute('aria-current', 'true');
  await expect(streamButton(page, 'Engineering')).toBeVisible();
  await expect(streamButton(page, 'Design')).toHaveCount(0);

  // While Carol is shown, Bob mentions Alice in Design: Alice's account counts it.
  const aliceBefore = await announced(page, 'alice@acme.test');
  const mention = `@alice the print proofs ${stamp} arrived`;
  await postAs('bob@acme.test', 'Design', mention);
  await expect
    .poll(() => announced(page, 'alice@acme.test'))
    .toEqual({ unread: aliceBefore.unread + 1, mentions: aliceBefore.mentions + 1 });
  await expect(accountButton(page, 'alice@acme.test').getByTestId('account-mentions')).toBeVisible();
  await screenshot(page, 'account-switcher-badges');

  // Switch to Alice: her streams, the mention there; now Dave writes in Engineering for Carol.
  await accountButton(page, 'alice@acme.test').click();
  await expect(accountButton(page, 'alice@acme.test')).toHaveAttribute('aria-current', 'true');
  await expect(streamButton(page, 'Design')).toBeVisible();
  await expect(streamButton(page, 'Engineering')).toHaveCount(0);
  const carolBefore = await announced(page, 'carol@acme.test');
  const note = `Deploy window moved to ${stamp}`;
  await postAs('dave@acme.test', 'Engineering', note);
  await expect
    .poll(() => announced(page, 'carol@acme.test'))
    .toEqual({ ...carolBefore, unread: carolBefore.unread + 1 });
  await openStream(page, 'Design');
  await expect(messageWith(page, mention)).toHaveCount(1);
  // reading Design clears its mention from Alice's count, not Carol's unread
  await expect.poll(() => announced(page, 'alice@acme.test')).toMatchObject({ mentions: aliceBefore.mentions });
  expect((await announced(page, 'carol@acme.test')).unread).toBe(carolBefore.unread + 1);

  // Back to Carol, sign her out removing her local data: her folder is gone, Alice remains.
  await accountButton(page, 'carol@acme.test').click();
  await expect(accountButton(page, 'carol@acme.test')).toHaveAttribute('aria-current', 'true');
  await openStream(page, 'Engineering');
  await expect(messageWith(page, note)).toHaveCount(1);
  const panel = await openSettings(page);
  const carolFolder = (await panel.getByTestId('local-data').locator('code').textContent()) ?? '';
  expect(carolFolder).toContain(alice.host.coreDataDir);
  expect(existsSync(carolFolder)).toBe(true);
  await panel.getByRole('checkbox', { name: /remove this account’s local data/ }).check();
  await panel.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByTestId('account-switcher').getByTestId('account-item')).toHaveCount(1);
  await expect(accountButton(page, 'alice@acme.test')).toHaveAttribute('aria-current', 'true');
  await expect(streamButton(page, 'Design')).toBeVisible();
  await expect.poll(() => existsSync(carolFolder)).toBe(false);
  expect(alice.errors).toEqual([]);
  await alice.context.close();
});

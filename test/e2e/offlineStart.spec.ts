// Issue 13, a laptop restarted on a plane: Alice signs in and posts, the server goes away, her app
// (the browser host, on the same data folder) and her browser start again. The last account's cache
// opens without the server and without a password: messages are readable, search answers, a message
// written now waits as pending. When the server returns it is delivered exactly once: Bob, who was
// online throughout, sees it once, and the server holds it once.
import { expect, test, type Page } from '@playwright/test';
import {
  messageWith,
  openApp,
  openStream,
  rawClient,
  screenshot,
  sendMessage,
  signIn,
  useE2EEnv,
} from '../helpers/e2e';

const e2e = useE2EEnv();

async function search(page: Page, query: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search messages' });
  if (!(await box.isVisible())) await page.getByRole('button', { name: 'Search', exact: true }).click();
  await box.fill(query);
}

test('after a restart without the server, the cache opens without a password; a message written offline is delivered once', async ({
  browser,
}) => {
  const env = e2e();
  const stamp = Date.now();
  const alice = await signIn(browser, env, 'alice@acme.test');
  const bob = await signIn(browser, env, 'bob@acme.test');
  await openStream(alice.page, 'Design');
  await openStream(bob.page, 'Design');
  const before = `Before the flight: gate B${stamp % 100} boarding`;
  await sendMessage(alice.page, 'Design', before);
  await expect(messageWith(alice.page, before)).toHaveAttribute('data-status', 'sent');
  await expect(messageWith(bob.page, before)).toHaveCount(1);

  // The plane: no server. Alice's app and browser are closed and started again.
  await env.stopServer();
  await alice.context.close();
  const host = await env.restartHost(alice.host);
  const again = await openApp(browser, env, { host });
  const page = again.page;

  // No sign-in form, no password: the last account's cache is open and says it is offline.
  await expect(page.getByRole('navigation', { name: 'Streams' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Sign in' })).toHaveCount(0);
  await expect(page.getByTestId('status-banner')).toHaveAttribute('data-state', /offline|connecting/);

  // Reading: the seed and her own message from before.
  await openStream(page, 'Acme');
  await expect(messageWith(page, 'Welcome to Tributary')).toBeVisible();
  await openStream(page, 'Design');
  await expect(messageWith(page, 'Spring launch drafts')).toBeVisible();
  await expect(messageWith(page, before)).toHaveAttribute('data-status', 'sent');

  // Searching the local cache.
  await search(page, 'boarding');
  await expect(page.getByTestId('search-hit').filter({ hasText: before })).toHaveCount(1);
  await page.getByRole('button', { name: 'Close search' }).click();

  // Writing: queued, shown pending.
  const written = `Written at 10,000 m ${stamp}`;
  await sendMessage(page, 'Design', written);
  await expect(messageWith(page, written)).toHaveAttribute('data-status', 'pending');
  await expect(messageWith(page, written).getByTestId('message-pending')).toBeVisible();
  await expect(page.getByTestId('status-banner')).toContainText('1 unsent message');
  await screenshot(page, 'offline-start-pending');

  // Landed: the server is back; the queued message goes out once.
  await env.restartServer();
  await expect(messageWith(page, written)).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  await expect(page.getByTestId('status-banner')).toHaveAttribute('data-state', 'live');
  await expect(messageWith(bob.page, written)).toHaveCount(1, { timeout: 20_000 });
  // a later message from Bob reaches Alice after it: her list settled, and still holds hers once
  const sentinel = `Welcome back ${stamp}`;
  await sendMessage(bob.page, 'Design', sentinel);
  await expect(messageWith(page, sentinel)).toHaveCount(1);
  await expect(messageWith(page, written)).toHaveCount(1);
  await expect(messageWith(bob.page, written)).toHaveCount(1);

  const raw = await rawClient(env, 'bob@acme.test');
  try {
    const bodies = await raw.bodies(await raw.streamId('Design'));
    expect(bodies.filter((b) => b === written)).toHaveLength(1);
    expect(bodies.filter((b) => b === before)).toHaveLength(1);
  } finally {
    raw.close();
  }
  expect([...alice.errors, ...again.errors, ...bob.errors]).toEqual([]);
  await again.context.close();
  await bob.context.close();
});

// Issue 5's user flows in Chromium through the browser host, against a real server and real cores:
// log in, switch streams, send, reply in a thread, search; offline reading, searching and writing
// with delivery exactly once after the server returns; a mention badge. Screenshots of each view are
// saved under test-results/screenshots.
import { expect, test, type Page } from '@playwright/test';
import {
  messageWith,
  openStream,
  rawClient,
  screenshot,
  sendMessage,
  signIn,
  useE2EEnv,
  streamButton,
} from '../helpers/e2e';

const e2e = useE2EEnv();

async function search(page: Page, query: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search messages' });
  if (!(await box.isVisible())) await page.getByRole('button', { name: 'Search', exact: true }).click();
  await box.fill(query);
}

test('log in, switch streams, send, reply in a thread and search', async ({ browser }) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const { page } = alice;
  // A reload reconnects the bridge to the same core: still signed in, no login form.
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Streams' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Sign in' })).toHaveCount(0);

  await openStream(page, 'Acme');
  await expect(messageWith(page, 'Welcome to Tributary')).toBeVisible();
  await openStream(page, 'Design');
  await expect(messageWith(page, 'Spring launch drafts')).toBeVisible();
  await expect(streamButton(page, 'Design')).toHaveAttribute('aria-current', 'page');

  // The quick switcher (Ctrl+K) is the keyboard way between streams.
  await page.keyboard.press('Control+k');
  const switcher = page.getByRole('dialog', { name: 'Switch stream' });
  await expect(switcher).toBeVisible();
  await screenshot(page, 'quick-switcher');
  await switcher.getByRole('combobox', { name: 'Stream name' }).fill('acm');
  await page.keyboard.press('Enter');
  await expect(switcher).toHaveCount(0);
  await expect(page.getByTestId('stream-title')).toContainText('Acme');
  await openStream(page, 'Design');

  const root = `Moodboard v2 is up for comments ${Date.now()}`;
  await sendMessage(page, 'Design', root);
  const rootItem = messageWith(page, root);
  await expect(rootItem).toHaveAttribute('data-status', 'sent');
  await screenshot(page, 'stream-view');

  await rootItem.hover();
  await rootItem.getByRole('button', { name: 'Reply in thread' }).click();
  const thread = page.getByTestId('thread-panel');
  await expect(thread.getByTestId('thread-root')).toContainText(root);
  const reply = 'Love the warmer greens, ship it';
  const replyBox = thread.getByRole('textbox', { name: 'Reply in thread' });
  await replyBox.fill(reply);
  await replyBox.press('Enter');
  await expect(
    thread.getByRole('list', { name: 'Replies' }).getByTestId('message-item').filter({ hasText: reply }),
  ).toHaveAttribute('data-status', 'sent');
  await expect(rootItem.getByTestId('reply-count')).toHaveText('1 reply');
  // A reply lives in its thread, not in the stream's top-level list.
  await expect(messageWith(page, reply)).toHaveCount(0);
  await screenshot(page, 'thread-panel');
  await thread.getByRole('button', { name: 'Close thread' }).click();

  await search(page, 'mockups');
  const hit = page.getByTestId('search-hit').filter({ hasText: 'Spring launch' });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark').first()).toHaveText(/mockups/i);
  await screenshot(page, 'search-panel');
  await search(page, 'warmer greens');
  await expect(page.getByTestId('search-hit').filter({ hasText: 'warmer greens' })).toHaveCount(1);

  await alice.context.close();
});

test('offline: read and search the cache, queue two messages, deliver them once when the server returns', async ({
  browser,
}) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  await openStream(alice.page, 'Design');
  await openStream(bob.page, 'Design');
  await expect(alice.page.getByTestId('status-banner')).toHaveAttribute('data-state', 'live');

  await e2e().stopServer();
  const banner = alice.page.getByTestId('status-banner');
  await expect(banner).toHaveAttribute('data-state', /offline|connecting/);

  // Reading and searching come from the local cache.
  await openStream(alice.page, 'Acme');
  await expect(messageWith(alice.page, 'Welcome to Tributary')).toBeVisible();
  await openStream(alice.page, 'Design');
  await expect(messageWith(alice.page, 'Spring launch drafts')).toBeVisible();
  await search(alice.page, 'palette');
  await expect(alice.page.getByTestId('search-hit').first()).toBeVisible();
  await alice.page.getByRole('button', { name: 'Close search' }).click();

  const first = `Offline note one ${Date.now()}`;
  const second = `Offline note two ${Date.now()}`;
  await sendMessage(alice.page, 'Design', first);
  await sendMessage(alice.page, 'Design', second);
  for (const text of [first, second]) {
    await expect(messageWith(alice.page, text)).toHaveAttribute('data-status', 'pending');
    await expect(messageWith(alice.page, text).getByTestId('message-pending')).toBeVisible();
  }
  await expect(banner).toContainText('2 unsent messages');
  await screenshot(alice.page, 'offline-pending');

  await e2e().restartServer();
  for (const text of [first, second])
    await expect(messageWith(alice.page, text)).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  await expect(banner).toHaveAttribute('data-state', 'live');
  // Bob (another user, never reloaded) sees each exactly once.
  for (const text of [first, second]) await expect(messageWith(bob.page, text)).toHaveCount(1, { timeout: 20_000 });

  // And the server holds each exactly once, counted by a raw socket.io client.
  const raw = await rawClient(e2e(), 'bob@acme.test');
  try {
    const bodies = await raw.bodies(await raw.streamId('Design'));
    expect(bodies.filter((b) => b === first)).toHaveLength(1);
    expect(bodies.filter((b) => b === second)).toHaveLength(1);
  } finally {
    raw.close();
  }
  expect([...alice.errors, ...bob.errors]).toEqual([]);
  await alice.context.close();
  await bob.context.close();
});

test('a mention of alice shows a mention badge on her stream', async ({ browser }) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  await openStream(alice.page, 'Acme');
  await openStream(bob.page, 'Design');
  const design = streamButton(alice.page, 'Design');
  await expect(design.getByTestId('mention-badge')).toHaveCount(0);

  await sendMessage(bob.page, 'Design', '@alice could you approve the icon set today?');
  await expect(design.getByTestId('mention-badge')).toHaveText('@1');
  await expect(design).toHaveAccessibleName(/1 mention/);
  await screenshot(alice.page, 'mention-badge');

  // Opening the stream reads it, which clears the badge.
  await openStream(alice.page, 'Design');
  await expect(messageWith(alice.page, 'could you approve the icon set')).toBeVisible();
  await expect(design.getByTestId('mention-badge')).toHaveCount(0);
  expect([...alice.errors, ...bob.errors]).toEqual([]);
  await alice.context.close();
  await bob.context.close();
});

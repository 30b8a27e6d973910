// Foundation acceptance in Chromium through the browser host: live delivery between two users of a
// team, nothing leaking to another team, and a clear (non-technical) wrong-password error.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import {
  messageWith,
  openApp,
  openStream,
  screenshot,
  sendMessage,
  signIn,
  useE2EEnv,
  streamButton,
  submitLogin,
} from '../helpers/e2e';

const e2e = useE2EEnv();

test('alice posts in Design, bob sees it without reloading, carol never receives it', async ({ browser }) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  const carol = await signIn(browser, e2e(), 'carol@acme.test');
  await openStream(alice.page, 'Design');
  await openStream(bob.page, 'Design');
  await openStream(carol.page, 'Engineering');

  const text = `Palette review moved to 3pm (${test.info().testId})`;
  await sendMessage(alice.page, 'Design', text);
  await expect(messageWith(alice.page, text)).toHaveAttribute('data-status', 'sent');
  // Bob's page is never reloaded: the message must arrive over the live sync.
  await expect(messageWith(bob.page, text)).toBeVisible();
  await expect(messageWith(bob.page, text).getByTestId('message-body')).toHaveText(text);
  await screenshot(bob.page, 'design-stream-bob');

  // Carol is in Engineering only: Design is not listed, and nothing of it shows anywhere she looks.
  await expect(streamButton(carol.page, 'Engineering')).toBeVisible();
  await expect(streamButton(carol.page, 'Design')).toHaveCount(0);
  const carolStreams = await carol.page.getByTestId('stream-item').locator('.stream-name').allTextContents();
  expect(carolStreams).not.toContain('Design');
  for (const name of carolStreams) {
    await openStream(carol.page, name);
    await expect(carol.page.getByTestId('message-list')).toBeVisible();
    await expect(messageWith(carol.page, text)).toHaveCount(0);
  }
  await carol.page.getByRole('button', { name: 'Search', exact: true }).click();
  await carol.page.getByRole('searchbox', { name: 'Search messages' }).fill('Palette review');
  await expect(carol.page.getByTestId('search-panel').getByText('No results.')).toBeVisible();
  await expect(carol.page.getByTestId('search-hit')).toHaveCount(0);
  // Carol's core really holds nothing of Design: the org stream did not get it either.
  await openStream(carol.page, 'Acme');
  await expect(messageWith(carol.page, text)).toHaveCount(0);

  // Bob's search finds it (local FTS over his cache), which shows the search itself works.
  await bob.page.getByRole('button', { name: 'Search', exact: true }).click();
  await bob.page.getByRole('searchbox', { name: 'Search messages' }).fill('Palette review');
  await expect(bob.page.getByTestId('search-hit').filter({ hasText: 'Palette review' })).toHaveCount(1);

  for (const user of [alice, bob, carol]) {
    expect(user.errors, `uncaught errors in ${user.email}'s page`).toEqual([]);
    await user.context.close();
  }
});

test('a wrong password shows a clear error; the server answers 401 with a code, not a stack trace', async ({
  browser,
}) => {
  const { context, page, errors } = await openApp(browser, e2e());
  await submitLogin(page, 'alice@acme.test', 'not-the-password');
  const alert = page.getByTestId('login-error');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('role', 'alert');
  const message = (await alert.textContent()) ?? '';
  expect(message).toMatch(/password|credentials/i);
  expect(message).not.toMatch(/\bat \S+:\d+|Error:|stack|undefined/);
  await expect(page.getByRole('navigation', { name: 'Streams' })).toHaveCount(0);
  await screenshot(page, 'login-wrong-password');
  expect(errors).toEqual([]);
  await context.close();

  const res = await fetch(`${e2e().serverUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice@acme.test', password: 'not-the-password' }),
  });
  expect(res.status).toBe(401);
  const text = await res.text();
  const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
  expect(body.error?.code).toBe('UNAUTHENTICATED');
  expect(typeof body.error?.message).toBe('string');
  expect(text).not.toMatch(/\bat \S+:\d+|node_modules|\.ts:\d+/);
});

test('the launch token leaves the address bar and history; its page session reaches no other local port', async ({
  browser,
}) => {
  // another server on 127.0.0.1 (cookies ignore ports): what does the browser send it?
  const seenCookies: string[] = [];
  const other = createServer((req, res) => {
    seenCookies.push(req.headers.cookie ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('another local server');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherPort = (other.address() as AddressInfo).port;
  const { context, page } = await openApp(browser, e2e());
  try {
    const host = e2e().host;
    await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
    expect(page.url()).toBe(`http://127.0.0.1:${host.port}${host.pagePath}`);
    expect(page.url()).not.toContain(host.token);
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ path: host.pagePath, httpOnly: true, sameSite: 'Strict' });
    expect(cookies[0]!.value).not.toBe(host.token);
    // the tab's history holds the page, never the launch URL
    expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2);
    await page.goBack();
    expect(page.url()).not.toContain('token=');
    // the browser sends the page session to no other server on 127.0.0.1, whatever the path
    const visitor = await context.newPage();
    for (const path of ['/', '/app/', host.pagePath.replace(/[^/]+\/$/, 'guess/')])
      await visitor.goto(`http://127.0.0.1:${otherPort}${path}`);
    expect(seenCookies.length).toBeGreaterThanOrEqual(3); // the pages, and any favicon requests
    expect(seenCookies.filter((c) => c !== '')).toEqual([]);
  } finally {
    await context.close();
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
});

test('the host refuses a page without its token', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.goto(e2e().hostUrl.replace(/token=.*/, 'token=guess'));
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('form', { name: 'Sign in' })).toHaveCount(0);
  await context.close();
});

// Hostile message bodies in the real app: every body of the renderer's XSS corpus (plus payloads that
// set a window flag) is posted to the real server and rendered by real Chromium through the browser
// host. Nothing may run: no dialog, no flag, no on* attribute, no script-capable element, no
// javascript:/data: link; and the CSP itself must refuse inline script.
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { xssCorpus } from '../renderer/xssCorpus';
import {
  cspViolations,
  openStream,
  rawClient,
  recordCspViolations,
  screenshot,
  sendMessage,
  signIn,
  useE2EEnv,
} from '../helpers/e2e';
import { request } from '../helpers/server';

const e2e = useE2EEnv();

/** Payloads whose only effect, if they ever ran, is a flag the test can read. */
const FLAG_PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=2"></svg>',
  '<script>window.__xss=3</script>',
  '[click me](javascript:window.__xss=4)',
  '<a href="javascript:window.__xss=5">click me too</a>',
  '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
  '![x](x" onerror="window.__xss=7)',
];

interface DomReport {
  handlers: string[];
  badUrls: string[];
  activeElements: string[];
  messages: number;
}

/** Inspects the live DOM: on* attributes and bad URLs anywhere in the body, active elements where messages render. */
function inspectDom(page: Page): Promise<DomReport> {
  return page.evaluate(() => {
    const handlers: string[] = [];
    const badUrls: string[] = [];
    // The body is where anything dynamic lands; the head is index.html's own static markup.
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) handlers.push(`${el.tagName}[${name}]`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data'].includes(name)) {
          const value = attr.value.replace(/[\s\p{Cc}]/gu, '').toLowerCase();
          if (/^(javascript|data|vbscript|file):/.test(value) || name === 'srcdoc')
            badUrls.push(`${el.tagName}[${name}=${attr.value}]`);
        }
      }
    }
    // Where message text is rendered: message bodies (list and thread) and search hits. The app's own
    // chrome around them (toolbar icons are inline SVG, the search form has inputs) is not message text.
    const containers = Array.from(
      document.querySelectorAll('[data-testid="message-body"], [data-testid="search-hit"]'),
    );
    const activeElements = containers.flatMap((c) =>
      Array.from(
        c.querySelectorAll(
          'script, iframe, object, embed, frame, frameset, base, meta, link, style, form, input, svg, math',
        ),
      ).map((el) => el.tagName),
    );
    const messages = document.querySelectorAll('[data-testid="message-item"]').length;
    return { handlers, badUrls, activeElements, messages };
  });
}

test('every hostile body renders as inert text in Chromium', async ({ browser }) => {
  // Ninety-six bodies, each sent, rendered and inspected: three times the usual minute.
  test.slow();
  expect(xssCorpus.length).toBeGreaterThanOrEqual(50);
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const { page } = alice;
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const startUrl = page.url();
  await openStream(page, 'Design');

  // A few go through the real composer, so the UI's own send path is covered too.
  for (const body of FLAG_PAYLOADS) await sendMessage(page, 'Design', body);
  await expect(page.getByTestId('message-item').filter({ hasText: 'click me too' })).toHaveAttribute(
    'data-status',
    'sent',
  );

  // The corpus goes in through a raw socket as bob, in batches the window can show at once.
  const bob = await rawClient(e2e(), 'bob@acme.test');
  const streamId = await bob.streamId('Design');
  const rejected: string[] = [];
  const batchSize = 6;
  try {
    for (let start = 0; start < xssCorpus.length; start += batchSize) {
      const ids: string[] = [];
      for (const body of xssCorpus.slice(start, start + batchSize)) {
        let ack = await request(bob.socket, 'message:send', { streamId, clientId: randomUUID(), body });
        while (!ack.ok && ack.error.code === 'RATE_LIMITED') {
          await new Promise((r) => setTimeout(r, 250));
          ack = await request(bob.socket, 'message:send', { streamId, clientId: randomUUID(), body });
        }
        if (ack.ok) ids.push(ack.message.id);
        else rejected.push(`${ack.error.code}: ${JSON.stringify(body)}`);
      }
      for (const id of ids) await expect(page.locator(`[data-message-id="${id}"]`)).toBeVisible();
      const report = await inspectDom(page);
      expect(report.handlers, `on* attributes after batch ${start}`).toEqual([]);
      expect(report.badUrls, `dangerous URLs after batch ${start}`).toEqual([]);
      expect(report.activeElements, `active elements after batch ${start}`).toEqual([]);
      expect(report.messages).toBeGreaterThan(0);
    }
  } finally {
    bob.close();
  }
  // The server may refuse a body (e.g. a control character); at least 50 must have been rendered.
  expect(xssCorpus.length - rejected.length, rejected.join('\n')).toBeGreaterThanOrEqual(50);
  await screenshot(page, 'xss-corpus');

  // Click every link the renderer produced: links go to link:open, never navigate or run script.
  const links = page.getByTestId('stream-view').locator('a');
  const count = await links.count();
  for (let i = 0; i < count; i += 1)
    await links
      .nth(i)
      .click({ force: true, trial: false })
      .catch(() => undefined);

  // Search results render highlighted snippets of the same bodies; they must be inert too.
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('alert');
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  const afterSearch = await inspectDom(page);
  expect(afterSearch.handlers).toEqual([]);
  expect(afterSearch.badUrls).toEqual([]);
  expect(afterSearch.activeElements).toEqual([]);

  // A later message is the sentinel: once it is on screen, the page has handled everything the
  // clicks and the search above could have set off, so an absent alert or __xss proves something.
  const sentinel = await rawClient(e2e(), 'bob@acme.test');
  try {
    const ack = await request(sentinel.socket, 'message:send', {
      streamId: await sentinel.streamId('Design'),
      clientId: randomUUID(),
      body: `sentinel ${randomUUID()}`,
    });
    if (!ack.ok) throw new Error(`sentinel refused: ${ack.error.code}`);
    await page.getByRole('button', { name: 'Close search' }).click();
    await expect(page.locator(`[data-message-id="${ack.message.id}"]`)).toBeVisible();
  } finally {
    sentinel.close();
  }
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(page.url()).toBe(startUrl);
  await alice.context.close();
});

test('the Content Security Policy refuses inline script and eval, and the app itself needs neither', async ({
  browser,
}) => {
  const context = await browser.newContext();
  // Collect violations from the first script on, so the app's own start-up is covered.
  await recordCspViolations(context);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(e2e().hostUrl);
  await page.getByRole('form', { name: 'Sign in' }).getByLabel('Email').fill('carol@acme.test');
  await page.getByRole('form', { name: 'Sign in' }).getByLabel('Password').fill('tributary');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openStream(page, 'Engineering');
  await expect(page.getByTestId('message-item').first()).toBeVisible();
  // The app itself causes no violation at all (zod runs jitless, so it never probes `new Function`).
  const startup = await cspViolations(page);
  expect(startup).toEqual([]);

  const outcome = await page.evaluate(async () => {
    const w = window as unknown as { __inline?: number; __csp: string[] };
    const script = document.createElement('script');
    script.textContent = 'window.__inline = 1; alert("inline")';
    document.body.appendChild(script);
    const handler = document.createElement('div');
    handler.setAttribute('onclick', 'window.__inline = 2');
    document.body.appendChild(handler);
    handler.click();
    // A string timer is compiled by the page later, outside this DevTools evaluation: CSP applies.
    (setTimeout as unknown as (code: string, ms: number) => void)('window.__inline = 3', 0);
    await new Promise((r) => setTimeout(r, 150));
    return { inline: w.__inline, violations: [...w.__csp] };
  });
  expect(outcome.inline).toBeUndefined();
  expect(outcome.violations.filter((v) => v === 'script-src eval').length).toBeGreaterThan(startup.length);
  expect(outcome.violations.some((v) => v.startsWith('script-src-elem') && v.endsWith('inline'))).toBe(true);
  expect(outcome.violations.some((v) => v.startsWith('script-src-attr'))).toBe(true);
  expect(dialogs).toEqual([]);
  await context.close();
});

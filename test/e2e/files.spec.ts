// Issue 16's files in Chromium through the browser host: Alice attaches an image with the picker and
// Bob sees its preview live; a file over the organization's limit is refused before any upload; a file
// Bob opened once opens again after the server is gone (from his core's offline file cache); an image
// attached offline shows at once with its local preview and is delivered once when the server returns.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { DEFAULT_MAX_FILE_BYTES } from '../../shared/protocol/limits';
import { messageWith, openStream, screenshot, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('attach an image, see it live elsewhere; too large refused; opened once opens offline', async ({ browser }) => {
  const env = e2e();
  const stamp = Date.now();
  const alice = await signIn(browser, env, 'alice@acme.test');
  const bob = await signIn(browser, env, 'bob@acme.test');
  await openStream(alice.page, 'Design');
  await openStream(bob.page, 'Design');

  // the picker: an image and a PDF, uploaded with progress, then sent with a caption
  const image = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#2a7' } })
    .png()
    .toBuffer();
  const pdf = Buffer.from(`%PDF-1.4\n% launch plan ${stamp}\n%%EOF\n`);
  await alice.page.getByTestId('attach-input').setInputFiles([
    { name: 'mockup.png', mimeType: 'image/png', buffer: image },
    { name: 'plan.pdf', mimeType: 'application/pdf', buffer: pdf },
  ]);
  await expect(alice.page.getByRole('button', { name: 'Remove mockup.png' })).toBeVisible();
  await expect(alice.page.getByRole('button', { name: 'Remove plan.pdf' })).toBeVisible();
  const caption = `Mockups ${stamp}`;
  await sendMessage(alice.page, 'Design', caption);
  await expect(messageWith(alice.page, caption)).toHaveAttribute('data-status', 'sent');

  // Bob sees the preview live, and a card for the PDF
  const bobMessage = messageWith(bob.page, caption);
  const preview = bobMessage.getByRole('button', { name: 'Show image mockup.png' });
  await expect(preview.getByRole('img', { name: 'mockup.png' })).toHaveAttribute('src', /^blob:/);
  // decoded, not blocked by the CSP: the thumbnail's 320 px on its long side
  await expect.poll(() => preview.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(bobMessage.getByTestId('file-card')).toContainText('plan.pdf');
  await screenshot(bob.page, 'files-preview');

  // a click shows the full image
  await preview.click();
  await expect(bob.page.getByTestId('image-viewer').getByRole('img', { name: 'mockup.png' })).toBeVisible();
  await bob.page.getByTestId('image-viewer').getByRole('button', { name: 'Close' }).click();

  // too large: refused with a clear message before any byte is read or sent
  await alice.page.getByTestId('attach-input').setInputFiles({
    name: 'huge.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(DEFAULT_MAX_FILE_BYTES + 1),
  });
  await expect(alice.page.getByText('“huge.bin” is larger than your organization allows (25 MB)')).toBeVisible();
  await expect(alice.page.getByTestId('attachment')).toHaveCount(0);

  // Bob opens the PDF once (a browser downloads it; the core keeps a copy)
  const open = bobMessage.getByRole('button', { name: 'Open plan.pdf' });
  const first = bob.page.waitForEvent('download');
  await open.click();
  expect((await first).suggestedFilename()).toBe('plan.pdf');

  // the server goes away; a fresh page (nothing kept in the page) still opens it, and shows the preview
  await env.stopServer();
  await expect(bob.page.getByTestId('status-banner')).toHaveAttribute('data-state', /offline|connecting/);
  await bob.page.reload();
  await openStream(bob.page, 'Design');
  const offlineMessage = messageWith(bob.page, caption);
  const offlinePreview = offlineMessage.getByRole('img', { name: 'mockup.png' });
  await expect.poll(() => offlinePreview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  const again = bob.page.waitForEvent('download');
  await offlineMessage.getByRole('button', { name: 'Open plan.pdf' }).click();
  const download = await again;
  expect(download.suggestedFilename()).toBe('plan.pdf');
  const path = await download.path();
  expect(readFileSync(path).equals(pdf)).toBe(true);
  await screenshot(bob.page, 'files-offline');
  expect(alice.errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});

test('an image attached offline shows at once with its preview and is delivered once when the network returns', async ({
  browser,
}) => {
  const env = e2e();
  // the test before leaves the server stopped
  await env.restartServer();
  const stamp = Date.now();
  const alice = await signIn(browser, env, 'alice@acme.test');
  const bob = await signIn(browser, env, 'bob@acme.test');
  await openStream(alice.page, 'Design');
  await openStream(bob.page, 'Design');
  await env.stopServer();
  await expect(alice.page.getByTestId('status-banner')).toHaveAttribute('data-state', /offline|connecting/);

  const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#a52' } })
    .png()
    .toBuffer();
  await alice.page
    .getByTestId('attach-input')
    .setInputFiles({ name: 'train.png', mimeType: 'image/png', buffer: image });
  await expect(alice.page.getByTestId('attachment-queued')).toHaveText('Uploads when you are online');
  const caption = `From the train ${stamp}`;
  await sendMessage(alice.page, 'Design', caption);
  const pending = messageWith(alice.page, caption);
  await expect(pending).toHaveAttribute('data-status', 'pending');
  // the local preview: the staged image itself
  const local = pending.getByRole('img', { name: 'train.png' });
  await expect.poll(() => local.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(400);
  await screenshot(alice.page, 'files-offline-pending');

  await env.restartServer();
  await expect(pending).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  const delivered = messageWith(bob.page, caption);
  await expect(delivered).toHaveCount(1, { timeout: 20_000 });
  // the server's thumbnail now: 320 px on its long side
  const preview = delivered.getByRole('img', { name: 'train.png' });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(messageWith(alice.page, caption)).toHaveCount(1);
  expect(alice.errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});

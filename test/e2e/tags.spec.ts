// Issue 16 in Chromium: a #tag in a message opens every message with that tag; Bob adds the tag to
// another of his posts after posting, and Alice sees the chip arrive live and both messages counted.
import { expect, test } from '@playwright/test';
import { messageWith, openStream, screenshot, sendMessage, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('a #tag opens its messages; a tag added after posting reaches other readers', async ({ browser }) => {
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  await openStream(alice.page, 'Design');
  await openStream(bob.page, 'Design');
  const tag = `retro${Date.now()}`;

  const tagged = `Kickoff notes #${tag}`;
  await sendMessage(bob.page, 'Design', tagged);
  await expect(messageWith(bob.page, tagged)).toHaveAttribute('data-status', 'sent');
  await messageWith(bob.page, tagged)
    .getByRole('button', { name: `#${tag}`, exact: true })
    .click();
  const panel = bob.page.getByTestId('tag-panel');
  await expect(panel.getByTestId('tag-count')).toHaveText(`1 message tagged #${tag}`);
  await expect(panel.getByTestId('tag-hit')).toContainText('Kickoff notes');

  const plain = `Follow-up without a tag ${Date.now()}`;
  await sendMessage(bob.page, 'Design', plain);
  const item = messageWith(bob.page, plain);
  await expect(item).toHaveAttribute('data-status', 'sent');
  await item.hover();
  await item.getByRole('button', { name: 'Add a tag' }).click();
  await item.getByRole('textbox', { name: 'Tag to add' }).fill(`#${tag}`);
  await item.getByRole('textbox', { name: 'Tag to add' }).press('Enter');
  await expect(item.getByTestId('added-tags')).toContainText(`#${tag}`);

  // Alice reads Design: the added tag arrives through the stream's log
  const hers = messageWith(alice.page, plain);
  await expect(hers.getByTestId('added-tags')).toContainText(`#${tag}`);
  await hers
    .getByTestId('added-tags')
    .getByRole('button', { name: `#${tag}`, exact: true })
    .click();
  await expect(alice.page.getByTestId('tag-count')).toHaveText(`2 messages tagged #${tag}`);
  await screenshot(alice.page, 'tag-view');
});

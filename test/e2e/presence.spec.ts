// Issue 16's presence and typing in Chromium: Alice and Bob read Design, Carol does not. Bob sees
// Alice online and "Alice Archer is typing…"; Carol sees nothing of Design; once Alice opts out in
// Settings, Bob no longer sees her online.
import { expect, test } from '@playwright/test';
import { openStream, screenshot, signIn, streamButton, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('presence and typing reach the stream’s readers only, and an opt-out hides me', async ({ browser }) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  const bob = await signIn(browser, e2e(), 'bob@acme.test');
  const carol = await signIn(browser, e2e(), 'carol@acme.test');
  await openStream(alice.page, 'Design');
  await openStream(bob.page, 'Design');
  await openStream(carol.page, 'Acme');

  const bobPresence = bob.page.getByTestId('presence');
  await expect(bobPresence).toContainText('Alice Archer');
  await expect(bobPresence).toContainText('Bob Baker');

  await alice.page.getByRole('textbox', { name: 'Message Design' }).fill('Drafting the launch plan');
  await expect(bob.page.getByTestId('typing-indicator')).toHaveText('Alice Archer is typing…');
  await screenshot(bob.page, 'presence-typing');

  // Carol reads the org stream only: Design is not hers, and nobody types where she reads
  await expect(streamButton(carol.page, 'Design')).toHaveCount(0);
  await expect(carol.page.getByTestId('presence')).toContainText('Carol Chen');
  await expect(carol.page.getByTestId('typing-indicator')).toHaveText('');

  // Alice opts out: Bob no longer sees her online
  await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const visible = alice.page.getByTestId('settings-panel').getByRole('checkbox', {
    name: 'Show others when I am online',
  });
  await expect(visible).toBeChecked();
  await visible.click();
  await expect(visible).not.toBeChecked();
  await expect(bobPresence).not.toContainText('Alice Archer');
  await expect(bobPresence).toContainText('Bob Baker');
});

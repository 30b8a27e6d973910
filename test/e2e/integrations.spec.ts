// Issue 14 in Chromium: a curator creates an integration for Design in the app's Integrations panel;
// a script posts with its flow token through the Flowdock-compatible API (no person's credentials)
// and the post appears live in the curator's stream as an integration post under the integration's
// name, with the tool's person beside it; the API reads it back as the activity it was.
import { expect, test } from '@playwright/test';
import { messageWith, openStream, screenshot, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('an integration made in the app posts live with its flow token', async ({ browser }) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  await openStream(alice.page, 'Design');
  await alice.page.getByRole('button', { name: 'Integrations', exact: true }).click();
  const panel = alice.page.getByTestId('integrations-panel');
  await panel.getByLabel('Integration name').fill('Jenkins');
  await panel.getByRole('button', { name: 'Create integration' }).click();
  const flowToken = await panel.getByTestId('integration-token').inputValue();
  expect(flowToken).toMatch(/^[0-9a-f]{40}$/);
  await panel.getByRole('button', { name: 'I have copied it' }).click();
  await expect(panel.getByText('Jenkins')).toBeVisible();

  // the script: curl -d '{"flow_token":…,"event":"activity",…}' $API/messages
  const title = `Build ${Date.now()} passed`;
  const posted = await fetch(`${e2e().serverUrl}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      flow_token: flowToken,
      event: 'activity',
      author: { name: 'Leeroy' },
      title,
      external_thread_id: 'build-main',
      thread: { title: 'main branch', status: { color: 'green', value: 'passing' } },
    }),
  });
  expect(posted.status).toBe(200);
  const answer = (await posted.json()) as { event: string; title: string; external_thread_id: string };
  expect(answer).toMatchObject({ event: 'activity', title, external_thread_id: 'build-main' });

  // live in the app: the thread root in the stream, under the integration's name with its badge
  const root = messageWith(alice.page, 'main branch');
  await expect(root).toBeVisible();
  await expect(root.locator('.msg-author')).toHaveText('Jenkins');
  await expect(root.getByTestId('integration-badge')).toBeVisible();
  await expect(root).toContainText('Leeroy');
  await screenshot(alice.page, 'integration-post');
});

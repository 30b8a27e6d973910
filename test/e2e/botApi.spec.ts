// Issue 14 in Chromium: Alice creates a personal API token in the app's API tokens panel, a bot posts
// with it through the Flowdock-compatible API and the post appears in her stream live; once she
// revokes the token, the bot is refused.
import { expect, test } from '@playwright/test';
import { messageWith, openStream, screenshot, signIn, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('a token made in the app lets a bot post live, until it is revoked', async ({ browser }) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  await openStream(alice.page, 'Design');
  await alice.page.getByRole('button', { name: 'API tokens', exact: true }).click();
  const panel = alice.page.getByTestId('api-tokens-panel');
  await panel.getByLabel('Token name').fill('deploy bot');
  await panel.getByRole('button', { name: 'Create token' }).click();
  const secret = await panel.getByTestId('api-token-secret').inputValue();
  expect(secret).toMatch(/^[0-9a-f]{40}$/);
  await screenshot(alice.page, 'api-token-created');
  await panel.getByRole('button', { name: 'I have copied it' }).click();

  const auth = `Basic ${Buffer.from(`${secret}:`).toString('base64')}`;
  const text = `Deploy ${Date.now()} finished`;
  const posted = await fetch(`${e2e().serverUrl}/flows/acme/design/messages`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ event: 'message', content: text }),
  });
  expect(posted.status).toBe(200);
  await expect(messageWith(alice.page, text)).toBeVisible();

  await panel.getByRole('button', { name: 'Revoke token deploy bot' }).click();
  await expect(panel.getByText('No tokens yet.')).toBeVisible();
  const refused = await fetch(`${e2e().serverUrl}/user`, { headers: { authorization: auth } });
  expect(refused.status).toBe(401);
});

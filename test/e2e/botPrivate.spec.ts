// Issue 14 in Chromium: a bot with Bob's personal API token sends Alice a private message through the
// Flowdock-compatible API (POST /private/:user_id/messages). Alice's app, never reloaded, lists the new
// conversation with an unread badge, and the message is in it.
import { expect, test } from '@playwright/test';
import { request } from '../helpers/server';
import { messageWith, openStream, rawClient, screenshot, signIn, streamButton, useE2EEnv } from '../helpers/e2e';

const e2e = useE2EEnv();

test('a bot’s private message reaches the recipient’s app live', async ({ browser }) => {
  const alice = await signIn(browser, e2e(), 'alice@acme.test');
  await expect(alice.page.getByTestId('direct-list').getByTestId('stream-item')).toHaveCount(0);
  const aliceId = await userId('alice');

  const bob = await rawClient(e2e(), 'bob@acme.test');
  const created = await request(bob.socket, 'apitoken:create', { name: 'pager bot' });
  bob.close();
  if (!created.ok) throw new Error(`apitoken:create failed: ${created.error.code}`);
  const text = `Pager ${Date.now()}: the build is red`;
  const posted = await fetch(`${e2e().serverUrl}/private/${aliceId}/messages`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${created.secret}:`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ event: 'message', content: text }),
  });
  expect(posted.status).toBe(200);

  const fromBob = streamButton(alice.page, 'Bob Baker');
  await expect(fromBob.getByTestId('unread-badge')).toHaveText('1');
  await openStream(alice.page, 'Bob Baker');
  await expect(messageWith(alice.page, text)).toBeVisible();
  await screenshot(alice.page, 'bot-private-message');
});

/** A demo user's id, from the server (the app does not show ids). */
async function userId(name: string): Promise<string> {
  const client = await rawClient(e2e(), `${name}@acme.test`);
  const hello = await request(client.socket, 'hello', {});
  client.close();
  if (!hello.ok) throw new Error(`hello failed: ${hello.error.code}`);
  return hello.user.id;
}

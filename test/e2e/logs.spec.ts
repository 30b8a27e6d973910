// Issue 13: no token, password or message body in any log. A real session through the browser host
// (a failed sign-in with a distinctive password, then the demo password; messages live, a mention, a
// reply, a message queued offline and delivered later; an API token made in the app and used by a
// bot, and a bot refused with a wrong one), then every log file the run wrote — the server's JSON
// log at debug level and each browser host's log, which its client core writes too — is read, and
// none may contain any of those secrets.
import { expect, test, type BrowserContext } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import type { BrowserHost } from '../../main/browserHost/index';
import {
  messageWith,
  openApp,
  openStream,
  sendMessage,
  signIn,
  submitLogin,
  useE2EEnv,
  type E2EEnv,
} from '../helpers/e2e';

const e2e = useE2EEnv();

/** What a host keeps in its secrets folder: each account's session token and cache key. */
function hostSecrets(host: BrowserHost): string[] {
  const dir = join(host.coreDataDir, 'secrets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.tmp'))
    .map((name) => readFileSync(join(dir, name), 'utf8').trim());
}

async function cookieValues(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).map((c) => c.value);
}

/**
 * The demo password is "tributary", which is also the app's name: it appears in folder names, cookie
 * names and messages as part of longer words. It counts as leaked when it stands alone, as a value would.
 */
function containsAlone(text: string, word: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_./:-])${word}($|[^A-Za-z0-9_./:-])`).test(text);
}

function readLogs(env: E2EEnv): Array<{ file: string; text: string }> {
  return env.logFiles().map((file) => ({ file, text: existsSync(file) ? readFileSync(file, 'utf8') : '' }));
}

test('a whole session leaves no password, token or message body in any log file', async ({ browser }) => {
  const env = e2e();
  const stamp = Date.now();
  const wrongPassword = `Wrong-Passw0rd-${stamp}`;

  // Alice mistypes her password once, then signs in with the demo password, all through the UI.
  const aliceHost = await env.newHost();
  const alice = await openApp(browser, env, { host: aliceHost });
  await submitLogin(alice.page, 'alice@acme.test', wrongPassword);
  await expect(alice.page.getByTestId('login-error')).toBeVisible();
  await submitLogin(alice.page, 'alice@acme.test', DEMO_PASSWORD);
  await expect(alice.page.getByRole('navigation', { name: 'Streams' })).toBeVisible();
  const bob = await signIn(browser, env, 'bob@acme.test');
  await openStream(alice.page, 'Design');
  await openStream(bob.page, 'Design');

  // Bodies that could only come from this run; each reaches the other user.
  const bodies = [
    `Quarterly palette zebrafish ${stamp}`,
    `@bob the marmalade mockups ${stamp} are ready`,
    `Offline note about kumquats ${stamp}`,
  ];
  await sendMessage(alice.page, 'Design', bodies[0]!);
  await sendMessage(alice.page, 'Design', bodies[1]!);
  for (const body of bodies.slice(0, 2)) {
    await expect(messageWith(alice.page, body)).toHaveAttribute('data-status', 'sent');
    await expect(messageWith(bob.page, body)).toHaveCount(1);
  }
  const reply = `Thread reply with lingonberries ${stamp}`;
  const root = messageWith(bob.page, bodies[0]!);
  await root.hover();
  await root.getByRole('button', { name: 'Reply in thread' }).click();
  const replyBox = bob.page.getByTestId('thread-panel').getByRole('textbox', { name: 'Reply in thread' });
  await replyBox.fill(reply);
  await replyBox.press('Enter');
  await expect(
    bob.page.getByTestId('thread-panel').getByTestId('message-item').filter({ hasText: reply }),
  ).toHaveAttribute('data-status', 'sent');
  bodies.push(reply);

  // Offline: queued in the outbox (the path that retries and logs failures), delivered on return.
  await env.stopServer();
  await sendMessage(alice.page, 'Design', bodies[2]!);
  await expect(messageWith(alice.page, bodies[2]!)).toHaveAttribute('data-status', 'pending');
  await env.restartServer();
  await expect(messageWith(alice.page, bodies[2]!)).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  await expect(messageWith(bob.page, bodies[2]!)).toHaveCount(1, { timeout: 20_000 });

  // An API token made in the app; a bot posts with it, and another is refused with a wrong one.
  await alice.page.getByRole('button', { name: 'API tokens', exact: true }).click();
  const panel = alice.page.getByTestId('api-tokens-panel');
  await panel.getByLabel('Token name').fill('log check bot');
  await panel.getByRole('button', { name: 'Create token' }).click();
  const apiToken = await panel.getByTestId('api-token-secret').inputValue();
  expect(apiToken).toMatch(/^[0-9a-f]{40}$/);
  await panel.getByRole('button', { name: 'I have copied it' }).click();
  const botBody = `Bot says the build of ${stamp} is green`;
  const posted = await fetch(`${env.serverUrl}/flows/acme/design/messages`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${apiToken}:`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ event: 'message', content: botBody }),
  });
  expect(posted.status).toBe(200);
  await expect(messageWith(alice.page, botBody)).toBeVisible();
  bodies.push(botBody);
  const wrongApiToken = `${'f'.repeat(32)}${stamp.toString(16).padStart(8, '0').slice(-8)}`;
  const refused = await fetch(`${env.serverUrl}/user`, {
    headers: { authorization: `Basic ${Buffer.from(`${wrongApiToken}:`).toString('base64')}` },
  });
  expect(refused.status).toBe(401);

  const tokens = [
    apiToken,
    wrongApiToken,
    aliceHost.token,
    bob.host.token,
    ...hostSecrets(aliceHost),
    ...hostSecrets(bob.host),
    ...(await cookieValues(alice.context)),
    ...(await cookieValues(bob.context)),
  ].filter((t) => t.length >= 16);
  // both hosts' session tokens and cache keys, both page sessions, the launch tokens, the API token
  expect(tokens.length).toBeGreaterThanOrEqual(10);
  expect([...alice.errors, ...bob.errors]).toEqual([]);
  await alice.context.close();
  await bob.context.close();

  const logs = readLogs(env);
  // Every log was written, and with the requests themselves: the check reads real traffic.
  const server = logs.find((l) => l.file.endsWith('server.log'))!;
  expect(server.text).toContain('"msg":"request"');
  for (const { file, text } of logs) expect(text.length, `${file} is empty`).toBeGreaterThan(0);

  for (const { file, text } of logs) {
    expect(text.includes(wrongPassword), `${file} holds the mistyped password`).toBe(false);
    expect(containsAlone(text, DEMO_PASSWORD), `${file} holds the demo password`).toBe(false);
    for (const token of tokens) expect(text.includes(token), `${file} holds a token`).toBe(false);
    for (const body of bodies) expect(text.includes(body), `${file} holds a message body: ${body}`).toBe(false);
    // no distinctive part of a body either (a truncated body would still be a leak)
    for (const word of ['zebrafish', 'marmalade', 'kumquats', 'lingonberries'])
      expect(text.includes(word), `${file} holds "${word}" from a body`).toBe(false);
  }
});

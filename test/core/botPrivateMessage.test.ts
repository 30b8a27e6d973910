// A bot's private message through the Flowdock-compatible API (POST /private/:user_id/messages with a
// personal API token) opens a direct conversation that a signed-in desktop client lists live, with the
// message in it; after the client closes, its cache file on disk holds the message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, basicAuth } from '../helpers/flowdock';
import { cachedStream, signedInCore, waitUntil, type TestCore } from '../helpers/core';
import { loginAndConnect, ok, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let alice: TestCore;

beforeAll(async () => {
  server = await startTestServer();
  alice = await signedInCore(server.url, 'alice@acme.test');
});
afterAll(async () => {
  await alice?.core.close();
  await server?.close();
});

describe('a bot’s private message through the API', () => {
  it('appears in the recipient’s client as a new direct conversation, live, and stays in its cache', async () => {
    const { socket } = await loginAndConnect(server.url, 'bob@acme.test');
    const { secret } = await ok(socket, 'apitoken:create', { name: 'pager bot' });
    socket.close();
    const aliceId = (await alice.call('session:get', {})).user!.id;
    const before = (await alice.call('stream:list', {})).streams.filter((s) => s.kind === 'direct');
    expect(before).toEqual([]);

    const posted = await api(server.url, `/private/${aliceId}/messages`, {
      method: 'POST',
      auth: basicAuth(secret),
      json: { event: 'message', content: 'Your pager is ringing #oncall' },
    });
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ to: aliceId, content: 'Your pager is ringing #oncall' });

    let dmId = '';
    await waitUntil(
      async () => {
        const dm = (await alice.call('stream:list', {})).streams.find((s) => s.kind === 'direct');
        dmId = dm?.id ?? '';
        return dm?.name === 'Bob Baker';
      },
      10_000,
      'the new conversation in the client',
    );
    await waitUntil(
      async () =>
        (await alice.call('message:list', { streamId: dmId })).messages.some(
          (m) => m.body === 'Your pager is ringing #oncall' && m.status === 'sent',
        ),
      10_000,
      'the private message in the client',
    );
    await alice.core.close();
    const cached = await cachedStream(alice.dataDir, aliceId, dmId);
    expect(cached.find((m) => m.body === 'Your pager is ringing #oncall')).toMatchObject({
      seq: posted.body.id,
      tags: ['oncall'],
    });
  });
});

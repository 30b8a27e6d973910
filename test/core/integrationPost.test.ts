// An integration's post (flow token, Flowdock's activity with external_thread_id) reaches a signed-in
// desktop client live, shown as the integration's, and its cache keeps it so after the client closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/flowdock';
import { cachedStream, signedInCore, streamIdByName, waitUntil, type TestCore } from '../helpers/core';
import { loginAndConnect, ok, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let bob: TestCore;

beforeAll(async () => {
  server = await startTestServer();
  bob = await signedInCore(server.url, 'bob@acme.test');
});
afterAll(async () => {
  await bob?.core.close();
  await server?.close();
});

describe('an integration posting with its flow token', () => {
  it('appears in the desktop client live as the integration’s, and stays so in its cache', async () => {
    const design = await streamIdByName(bob, 'Design');
    const { socket } = await loginAndConnect(server.url, 'alice@acme.test');
    const { flowToken, integration } = await ok(socket, 'integration:create', { streamId: design, name: 'Sentry' });
    socket.close();
    const posted = await api(server.url, '/messages', {
      method: 'POST',
      json: {
        flow_token: flowToken,
        event: 'activity',
        author: { name: 'Monitor' },
        title: 'raised an alert',
        external_thread_id: 'alert-77',
        thread: { title: 'CPU above 90%', status: { color: 'red', value: 'firing' } },
      },
    });
    expect(posted.status).toBe(200);
    const expected = { id: integration.id, name: 'Sentry', avatarUrl: null, externalAuthor: 'Monitor' };
    await waitUntil(
      async () =>
        (await bob.call('message:list', { streamId: design })).messages.some(
          (m) => m.body.startsWith('**CPU above 90%** · firing') && m.integration?.id === integration.id,
        ),
      10_000,
      'the thread root in the client',
    );
    const root = (await bob.call('message:list', { streamId: design })).messages.find((m) =>
      m.body.startsWith('**CPU above 90%**'),
    )!;
    expect(root).toMatchObject({ authorName: 'Sentry', integration: expected, status: 'sent' });
    const userId = (await bob.call('session:get', {})).user!.id;
    await waitUntil(
      async () =>
        (await bob.call('message:list', { streamId: design })).messages.some(
          (m) => m.id === root.id && m.replyCount === 1,
        ),
      10_000,
      'the reply count in the client',
    );
    await bob.core.close();
    const cached = await cachedStream(bob.dataDir, userId, design);
    expect(cached.find((m) => m.id === root.id)).toMatchObject({ authorName: 'Sentry', integration: expected });
    expect(cached.find((m) => m.seq === posted.body.id)).toMatchObject({
      body: 'raised an alert',
      threadRootId: root.id,
      integration: expected,
    });
  });
});

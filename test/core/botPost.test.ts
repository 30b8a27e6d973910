// A bot's post through the Flowdock-compatible API reaches a signed-in desktop client live, and its
// cache: after the client closes, the cache file on disk holds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, basicAuth } from '../helpers/flowdock';
import { cachedStream, signedInCore, streamIdByName, waitUntil, type TestCore } from '../helpers/core';
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

describe('a bot posting through the API', () => {
  it('appears in the desktop client live and stays in its cache', async () => {
    const { socket } = await loginAndConnect(server.url, 'bob@acme.test');
    const { secret } = await ok(socket, 'apitoken:create', { name: 'ci' });
    socket.close();
    const design = await streamIdByName(alice, 'Design');
    const posted = await api(server.url, '/flows/acme/design/messages', {
      method: 'POST',
      auth: basicAuth(secret),
      json: { event: 'message', content: 'Nightly build passed #ci' },
    });
    expect(posted.status).toBe(200);
    await waitUntil(
      async () =>
        (await alice.call('message:list', { streamId: design })).messages.some(
          (m) => m.body === 'Nightly build passed #ci' && m.status === 'sent',
        ),
      10_000,
      'the bot post in the client',
    );
    const userId = (await alice.call('session:get', {})).user!.id;
    await alice.core.close();
    const cached = await cachedStream(alice.dataDir, userId, design);
    expect(cached.find((m) => m.body === 'Nightly build passed #ci')).toMatchObject({
      seq: posted.body.id,
      tags: ['ci'],
    });
  });
});

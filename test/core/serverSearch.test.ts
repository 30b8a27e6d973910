// `search:server`: the core forwards the search to the server while online and answers a quiet
// "offline" (no hits, no error) while it cannot reach it.
import { afterAll, describe, expect, it } from 'vitest';
import { signedInCore, streamIdByName, waitUntil, useRestartableServer, type TestCore } from '../helpers/core';

describe('search:server', () => {
  const server = useRestartableServer();
  let bob: TestCore | undefined;
  afterAll(async () => {
    await bob?.core.close();
  });

  it("answers from the server's history online, and offline with no hits and no error", async () => {
    bob = await signedInCore(server().url, 'bob@acme.test');
    const design = await streamIdByName(bob, 'Design');
    await bob.call('message:send', { streamId: design, body: 'the quokka survey is done' });
    await waitUntil(async () => (await bob!.call('search:server', { query: 'quokka' })).hits.length === 1);
    const online = await bob.call('search:server', { query: 'quokka', streamId: design });
    expect(online).toMatchObject({ online: true, nextCursor: null });
    expect(online.hits[0]?.message.body).toBe('the quokka survey is done');
    expect(online.hits[0]?.snippet.some((s) => s.highlight && s.text === 'quokka')).toBe(true);
    expect(await bob.core.invoke('search:server', { query: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'query' },
    });

    await server().stop();
    await waitUntil(async () => (await bob!.call('search:server', { query: 'quokka' })).online === false);
    expect(await bob.call('search:server', { query: 'quokka' })).toEqual({ online: false, hits: [], nextCursor: null });
    expect((await bob.call('search:query', { query: 'quokka' })).hits).toHaveLength(1);
  });
});

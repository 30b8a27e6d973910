import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverStreamState, signedInCore, streamIdByName, waitUntil, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

describe('a server that rate-limits the client', () => {
  let server: TestServer;
  let alice: TestCore;
  beforeAll(async () => {
    server = await startTestServer({ rateLimit: { perSecond: 40, burst: 8 } });
    alice = await signedInCore(server.url, 'alice@acme.test');
  });
  afterAll(async () => {
    await alice?.core.close();
    await server?.close();
  });

  it('keeps retrying RATE_LIMITED sends until all are delivered, in order, once', async () => {
    const design = await streamIdByName(alice, 'Design');
    const queued: string[] = [];
    for (let i = 0; i < 40; i += 1)
      queued.push((await alice.call('message:send', { streamId: design, body: `limited ${i}` })).clientId);
    await waitUntil(() => alice.statuses.at(-1)?.pendingCount === 0, 20_000, 'outbox drained');
    const truth = await serverStreamState(server.url, 'alice@acme.test', design);
    expect(truth.filter((m) => queued.includes(m.clientId)).map((m) => m.clientId)).toEqual(queued);
    const failed = (await alice.call('message:list', { streamId: design, limit: 100 })).messages.filter(
      (m) => m.status !== 'sent',
    );
    expect(failed).toEqual([]);
  });
});

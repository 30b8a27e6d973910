// The speech policy reaches the client core: read at every connect, changed live by a push, kept in
// the cache so the composer can explain it offline too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPEECH_POLICY } from '../../shared/domain/speechPolicy';
import { openCore, signedInCore, waitUntil, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let bob: TestCore;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  bob = await signedInCore(server.url, 'bob@acme.test');
});
afterAll(async () => {
  await bob?.core.close();
  await server?.close();
});

describe('speech policy in the client core', () => {
  it('starts at the server default', async () => {
    expect((await bob.call('speechPolicy:get', {})).policy).toEqual(DEFAULT_SPEECH_POLICY);
  });

  it('applies a change pushed while connected, without reconnecting, and announces it', async () => {
    const connects = bob.statuses.filter((s) => s.state === 'connecting').length;
    await server.server.admin.setSpeechPolicy({ org: 'Acme', patch: { orgStreamPosting: 'curators' } });
    await waitUntil(
      async () => (await bob.call('speechPolicy:get', {})).policy.orgStreamPosting === 'curators',
      10_000,
      'pushed speech policy',
    );
    expect(bob.changes.some((c) => c.kinds.includes('policy'))).toBe(true);
    expect(bob.statuses.filter((s) => s.state === 'connecting').length).toBe(connects);
  });

  it('catches up on a change made while it was closed, and keeps it in the cache', async () => {
    const { dataDir } = bob;
    await bob.core.close();
    await server.server.admin.setSpeechPolicy({ org: 'Acme', patch: { teamStreamMentions: 'curators' } });
    bob = openCore(dataDir);
    // the cache answers at once with what it last heard; the connect brings the change
    expect((await bob.call('speechPolicy:get', {})).policy.orgStreamPosting).toBe('curators');
    await bob.waitForState('live');
    await waitUntil(
      async () => (await bob.call('speechPolicy:get', {})).policy.teamStreamMentions === 'curators',
      10_000,
      'speech policy read on connect',
    );
  });
});

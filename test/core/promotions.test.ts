// Staged sharing through real client cores: a published copy reaches org members' caches with
// provenance, an unpublish removes it from every cache and search index, and a proposal made
// offline waits in the outbox until the server is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAndWaitSent, signedInAcme, useRestartableServer, waitUntil, type TestCore } from '../helpers/core';

describe('promotions reaching client caches', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let carol: TestCore;
  let design = '';
  let acme = '';

  beforeAll(async () => {
    ({ alice, bob, carol, design, acme } = await signedInAcme(server().url));
  });
  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((t) => t?.core.close()));
  });

  async function orgCopy(t: TestCore, body: string) {
    const { messages } = await t.call('message:list', { streamId: acme });
    return messages.find((m) => m.body === body && m.deletedAt === null) ?? null;
  }

  it('publishes with provenance into every org cache, then unpublish removes it from caches and search', async () => {
    const body = 'Zephyr release notes are final';
    const messageId = await sendAndWaitSent(bob, design, body);
    await bob.call('promotion:propose', { messageId, note: 'for everyone' });

    let promotionId = '';
    await waitUntil(
      async () => {
        const { promotions } = await alice.call('promotion:list', { scope: 'queue' });
        promotionId = promotions.find((p) => p.messageId === messageId)?.id ?? '';
        return promotionId !== '';
      },
      10_000,
      "proposal in alice's queue",
    );
    const { promotion } = await alice.call('promotion:decide', { promotionId, approve: true });
    expect(promotion.state).toBe('published');

    await waitUntil(async () => (await orgCopy(carol, body)) !== null, 10_000, "org copy in carol's cache");
    const copy = (await orgCopy(carol, body))!;
    expect(copy.provenance).toMatchObject({
      sourceStreamId: design,
      sourceMessageId: messageId,
      sourceTeamName: 'Design',
      authorName: 'Bob Baker',
      approverName: 'Alice Archer',
    });
    expect((await carol.call('search:query', { query: 'Zephyr' })).hits.map((h) => h.message.id)).toEqual([copy.id]);
    // The original is marked as shared in the team's caches.
    await waitUntil(
      async () => {
        const { messages } = await bob.call('message:list', { streamId: design });
        return messages.find((m) => m.id === messageId)?.sharedAt !== null;
      },
      10_000,
      'original marked shared',
    );

    await alice.call('promotion:unpublish', { promotionId });
    await waitUntil(async () => (await orgCopy(carol, body)) === null, 10_000, "org copy gone from carol's cache");
    await waitUntil(async () => (await orgCopy(bob, body)) === null, 10_000, "org copy gone from bob's cache");
    expect((await carol.call('search:query', { query: 'Zephyr' })).hits).toEqual([]);
    // Bob's original in Design stays; only the org copy went.
    expect((await bob.call('search:query', { query: 'Zephyr' })).hits.map((h) => h.message.id)).toEqual([messageId]);
  });

  it('queues a proposal made offline and delivers it once the server is back', async () => {
    const messageId = await sendAndWaitSent(bob, design, 'Offline-proposed style guide');
    await server().stop();
    await bob.waitForState('offline');
    const { clientId } = await bob.call('promotion:propose', { messageId });
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    await server().start();
    await bob.waitForState('live', 20_000);
    await waitUntil(
      async () => {
        const { promotions } = await alice.call('promotion:list', { scope: 'queue' });
        return promotions.filter((p) => p.messageId === messageId).length === 1;
      },
      20_000,
      "offline proposal in alice's queue",
    );
    const { promotions } = await bob.call('promotion:list', { scope: 'mine' });
    expect(promotions.filter((p) => p.messageId === messageId).map((p) => p.state)).toEqual(['awaiting_approval']);
  });
});

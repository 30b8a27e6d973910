// Direct messages through real client cores and a real server: opened online (refused offline with a
// reason), cached with their participants, readable and searchable offline, composed offline through
// the outbox and delivered exactly once; people outside the conversation never receive it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sendAndWaitSent,
  serverStreamState,
  signedInAcme,
  useRestartableServer,
  waitUntil,
  type TestCore,
} from '../helpers/core';

describe('direct messages through client cores', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let carol: TestCore;
  let acme = '';

  beforeAll(async () => {
    ({ alice, bob, carol, acme } = await signedInAcme(server().url));
  });
  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((t) => t?.core.close()));
  });

  const cachedIds = async (t: TestCore) => (await t.call('stream:list', {})).streams.map((s) => s.id);
  const bodies = async (t: TestCore, streamId: string) =>
    (await t.call('message:list', { streamId })).messages.map((m) => m.body);

  it('opens a DM online, caches it for both participants, and never for anyone else', async () => {
    const bobId = (await bob.call('session:get', {})).user!.id;
    const opened = await alice.call('dm:open', { userIds: [bobId] });
    expect(opened).toMatchObject({ created: true, stream: { kind: 'direct', name: 'Bob Baker' } });
    const dm = opened.stream.id;
    // cached before the answer: sendable at once
    const mine = (await alice.call('stream:list', {})).streams.find((s) => s.id === dm);
    expect(mine?.participants?.map((p) => p.name).sort()).toEqual(['Alice Archer', 'Bob Baker']);
    await sendAndWaitSent(alice, dm, 'hello bob, a quiet word about the #budget');
    await waitUntil(async () => (await bodies(bob, dm)).length === 1, 10_000, 'bob has the DM message');
    const bobs = (await bob.call('stream:list', {})).streams.find((s) => s.id === dm);
    expect(bobs).toMatchObject({ kind: 'direct', name: 'Alice Archer', unread: 1 });
    // carol: a later message in Acme reaches her cache after anything about the DM could have
    const sentinel = await sendAndWaitSent(alice, acme, 'sentinel for carol');
    await waitUntil(
      async () => (await carol.call('message:list', { streamId: acme })).messages.some((m) => m.id === sentinel),
      10_000,
      'carol has the sentinel',
    );
    expect(await cachedIds(carol)).not.toContain(dm);
    expect((await carol.call('search:query', { query: 'budget' })).hits).toEqual([]);
    // opening the same conversation again returns it, from either side
    const aliceId = (await alice.call('session:get', {})).user!.id;
    expect(await bob.call('dm:open', { userIds: [aliceId] })).toMatchObject({ created: false, stream: { id: dm } });
  });

  it('reads, searches and composes offline; opening a new DM offline is refused; the queued send arrives once', async () => {
    const dm = (await alice.call('stream:list', {})).streams.find((s) => s.kind === 'direct')!.id;
    const carolId = (await carol.call('session:get', {})).user!.id;
    await server().stop();
    await bob.waitForState('offline');
    expect(await bodies(bob, dm)).toEqual(['hello bob, a quiet word about the #budget']);
    const hits = (await bob.call('search:query', { query: 'budget' })).hits;
    expect(hits.map((h) => h.message.streamId)).toEqual([dm]);
    expect(hits[0]!.streamName).toBe('Alice Archer');
    const refused = await bob.core.invoke('dm:open', { userIds: [carolId] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    const { clientId } = await bob.call('message:send', { streamId: dm, body: 'written on the train' });
    expect((await bob.call('message:list', { streamId: dm })).messages.at(-1)).toMatchObject({
      body: 'written on the train',
      status: 'pending',
    });

    await server().start();
    await waitUntil(
      async () => (await bodies(alice, dm)).includes('written on the train'),
      15_000,
      'alice receives the queued reply',
    );
    await waitUntil(
      async () =>
        (await bob.call('message:list', { streamId: dm })).messages.find((m) => m.clientId === clientId)?.status ===
        'sent',
      10_000,
      "bob's reply acknowledged",
    );
    const truth = await serverStreamState(server().url, 'alice@acme.test', dm);
    expect(truth.filter((m) => m.clientId === clientId)).toHaveLength(1);
    expect((await bodies(alice, dm)).filter((b) => b === 'written on the train')).toHaveLength(1);
    expect((await bodies(bob, dm)).filter((b) => b === 'written on the train')).toHaveLength(1);
  });
});

// Presence and typing through real client cores and a real server: the core passes the server's
// live pushes on to the renderer with the account they belong to, answers presence from the server
// only (an offline list is empty and says so), and drops typing signals while offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcPush } from '../../shared/ipc/contract';
import { signedInAcme, useRestartableServer, waitUntil, type TestCore } from '../helpers/core';

describe('presence and typing through client cores', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let carol: TestCore;
  let design = '';
  let acme = '';
  let ids: Record<'alice' | 'bob', string>;

  beforeAll(async () => {
    ({ alice, bob, carol, design, acme } = await signedInAcme(server().url));
    ids = {
      alice: (await alice.call('session:get', {})).user!.id,
      bob: (await bob.call('session:get', {})).user!.id,
    };
  });
  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((t) => t?.core.close()));
  });

  function pushes<N extends 'presence:changed' | 'typing:changed'>(t: TestCore, name: N): IpcPush<N>[] {
    const seen: IpcPush<N>[] = [];
    t.core.on(name, (p) => seen.push(p));
    return seen;
  }

  it('lists who is online and passes typing on to the stream’s other readers, with the account', async () => {
    await waitUntil(
      async () => (await bob.call('presence:list', { streamId: design })).online.includes(ids.alice),
      10_000,
      'alice online in Design',
    );
    expect(await bob.call('presence:list', { streamId: design })).toMatchObject({ live: true });

    const bobTyping = pushes(bob, 'typing:changed');
    const carolTyping = pushes(carol, 'typing:changed');
    await alice.call('typing:signal', { streamId: design, typing: true });
    await waitUntil(async () => bobTyping.length > 0, 10_000, 'bob hears alice typing');
    expect(bobTyping[0]).toEqual({ accountId: ids.bob, streamId: design, userId: ids.alice, typing: true });
    // carol's sentinel: alice typing in Acme, relayed after the Design signal
    await alice.call('typing:signal', { streamId: acme, typing: true });
    await waitUntil(async () => carolTyping.some((t) => t.streamId === acme), 10_000, 'carol hears Acme');
    expect(carolTyping.some((t) => t.streamId === design)).toBe(false);
  });

  it('keeps the opt-out on the server and tells readers the user went offline', async () => {
    const bobPresence = pushes(bob, 'presence:changed');
    expect(await alice.call('presence:get', {})).toEqual({ visible: true });
    await alice.call('presence:set', { visible: false });
    await waitUntil(
      async () => bobPresence.some((p) => p.streamId === design && p.offline.includes(ids.alice)),
      10_000,
      'bob sees alice go offline',
    );
    expect(bobPresence[0]!.accountId).toBe(ids.bob);
    expect((await bob.call('presence:list', { streamId: design })).online).not.toContain(ids.alice);
    expect(await alice.call('presence:get', {})).toEqual({ visible: false });
    await alice.call('presence:set', { visible: true });
  });

  it('answers an empty, not-live list offline and drops typing signals', async () => {
    await server().stop();
    await bob.waitForState('offline');
    expect(await bob.call('presence:list', { streamId: design })).toEqual({ online: [], live: false });
    expect(await bob.call('typing:signal', { streamId: design, typing: true })).toEqual({});
    await server().start();
  });
});

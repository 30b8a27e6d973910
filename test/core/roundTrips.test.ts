// Issue 11 §3, fewer round trips per change: the core announces cache changes with at most one
// `data:changed` push per turn, my own send is applied once (its ack stores it; the log event that
// follows changes nothing), and the renderer re-reads only on pushes. Measured end to end: the
// renderer's real store on a real core against a real server, counting `message:list` reads per send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setApi } from '../../renderer/src/api/client';
import { initialState, useStore } from '../../renderer/src/store';
import { subscribePushes } from '../../renderer/src/store/pushes';
import type { IpcChannel, TributaryApi } from '../../shared/ipc/contract';
import { signedInCore, streamIdByName, waitUntil, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * List reads per send before this change (6d6d9ff): 4 — the renderer's refresh after `message:send`,
 * then one push each for the enqueue, the ack and the log event of the same message.
 */
const READS_PER_SEND_BEFORE = 4;

describe('round trips per change', () => {
  let server: TestServer;
  let alice: TestCore;
  let bob: TestCore;
  let design = '';
  let acme = '';

  beforeAll(async () => {
    server = await startTestServer();
    [alice, bob] = await Promise.all([
      signedInCore(server.url, 'alice@acme.test'),
      signedInCore(server.url, 'bob@acme.test'),
    ]);
    design = await streamIdByName(alice, 'Design');
    acme = await streamIdByName(alice, 'Acme');
  });
  afterAll(async () => {
    setApi(null);
    await Promise.all([alice?.core.close(), bob?.core.close()]);
    await server?.close();
  });

  it('merges the changes of one turn into one data:changed push', async () => {
    const before = alice.changes.length;
    // two sends in the same turn: each records a change; one push carries both
    await Promise.all([
      alice.call('message:send', { streamId: design, body: 'same turn, Design' }),
      alice.call('message:send', { streamId: acme, body: 'same turn, Acme' }),
    ]);
    // app-wide pushes (the account switcher's `accounts`) name no account and are not about the cache
    const ofAlice = () => alice.changes.slice(before).filter((c) => c.accountId !== null);
    await waitUntil(() => ofAlice().length > 0, 5000, 'a push');
    const first = ofAlice()[0]!;
    expect(new Set(first.streamIds)).toEqual(new Set([design, acme]));
    expect(first.kinds).toEqual(expect.arrayContaining(['messages', 'outbox']));
    await waitUntil(() => alice.statuses.at(-1)?.pendingCount === 0, 10_000, 'both sent');
  });

  /**
   * Bob posts in Acme (not the stream alice's window shows) and this waits until alice's core has
   * announced it: every push her socket carried before it has been handled by then.
   */
  async function sentinelFromBob(body: string): Promise<void> {
    const from = alice.changes.length;
    await bob.call('message:send', { streamId: acme, body });
    await waitUntil(() => alice.changes.slice(from).some((c) => c.streamIds.includes(acme)), 10_000, body);
  }

  it(`re-reads the shown list at most twice per send (was ${READS_PER_SEND_BEFORE})`, async () => {
    const reads: string[] = [];
    const counting: TributaryApi = {
      invoke(channel, request) {
        if ((channel satisfies IpcChannel) === 'message:list') reads.push((request as { streamId: string }).streamId);
        return alice.core.invoke(channel, request);
      },
      on: (name, listener) => alice.core.on(name, listener),
    };
    setApi(counting);
    useStore.setState(initialState);
    const off = subscribePushes();
    try {
      const store = () => useStore.getState();
      await store().loadSession();
      store().selectStream(design);
      await waitUntil(() => (store().messages[design]?.items.length ?? 0) > 0, 5000, 'Design shown');
      // earlier traffic (the sends above) has been announced before we start counting
      await sentinelFromBob('sentinel before');

      reads.length = 0;
      expect(await store().send(design, 'how many reads does this take?')).toBe(true);
      const shown = () => store().messages[design]?.items.filter((m) => m.body === 'how many reads does this take?');
      await waitUntil(() => shown()?.[0]?.status === 'sent', 10_000, 'shown as sent');

      // bob's message reaches alice's socket after her own message's log event: once her core has
      // announced it, every push of the send has been handled
      await sentinelFromBob('sentinel after');
      const designReads = reads.filter((id) => id === design).length;
      console.log(`list reads per send: ${designReads} (before: ${READS_PER_SEND_BEFORE})`);
      // one read shows it pending (the enqueue), one shows it sent (the ack); the log event adds none
      expect(designReads).toBeGreaterThanOrEqual(1);
      expect(designReads).toBeLessThanOrEqual(2);
      expect(shown()).toHaveLength(1);
    } finally {
      off();
    }
  });
});

// The server pushes a stream's typing coalesced (one `typing:changed` listing a window's changes); the
// core passes each change on to the renderer, in order and with its account, so that who is shown
// typing (in the stream and in each thread) follows the batched pushes, and never the user themself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { IpcPush } from '../../shared/ipc/contract';
import { signedInAcme, waitUntil, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

/** Long enough that two cores' signals sent together share a window, even on a loaded machine. */
const WINDOW_MS = 1_000;

let server: TestServer;
let alice: TestCore;
let bob: TestCore;
let carol: TestCore;
let acme = '';
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer({ typingFlushMs: WINDOW_MS });
  ({ alice, bob, carol, acme } = await signedInAcme(server.url));
  for (const [name, core] of [
    ['alice', alice],
    ['bob', bob],
    ['carol', carol],
  ] as const)
    ids[name] = (await core.call('session:get', {})).user!.id;
});
afterAll(async () => {
  await Promise.all([alice, bob, carol].map((t) => t?.core.close()));
  await server?.close();
});

function typingPushes(t: TestCore): Array<IpcPush<'typing:changed'>> {
  const seen: Array<IpcPush<'typing:changed'>> = [];
  t.core.on('typing:changed', (p) => seen.push(p));
  return seen;
}

/** Who is shown typing in a stream after the changes so far: per thread ('' for the stream itself). */
function shownTyping(changes: Array<IpcPush<'typing:changed'>>, streamId: string): Record<string, string[]> {
  const latest = new Map<string, Map<string, boolean>>();
  for (const change of changes.filter((c) => c.streamId === streamId)) {
    const where = change.threadRootId ?? '';
    if (!latest.has(where)) latest.set(where, new Map());
    latest.get(where)!.set(change.userId, change.typing);
  }
  return Object.fromEntries(
    [...latest].map(([where, users]) => [
      where,
      [...users]
        .filter(([, typing]) => typing)
        .map(([userId]) => userId)
        .sort(),
    ]),
  );
}

describe('typing pushed coalesced, through client cores', () => {
  it('passes every change of a window on, and the shown typists follow start and stop', async () => {
    const bobSees = typingPushes(bob);
    const aliceSees = typingPushes(alice);
    const thread = uuidv7();

    await Promise.all([
      alice.call('typing:signal', { streamId: acme, typing: true }),
      carol.call('typing:signal', { streamId: acme, typing: true, threadRootId: thread }),
    ]);
    await waitUntil(async () => bobSees.length >= 2, 10_000, 'bob hears both typists');
    expect(bobSees).toEqual(
      expect.arrayContaining([
        { accountId: ids.bob, streamId: acme, userId: ids.alice, typing: true },
        { accountId: ids.bob, streamId: acme, userId: ids.carol, typing: true, threadRootId: thread },
      ]),
    );
    expect(shownTyping(bobSees, acme)).toEqual({ '': [ids.alice], [thread]: [ids.carol] });

    // the next window: alice stops (sent), carol keeps typing her reply
    await Promise.all([
      alice.call('typing:signal', { streamId: acme, typing: false }),
      carol.call('typing:signal', { streamId: acme, typing: true, threadRootId: thread }),
    ]);
    await waitUntil(async () => bobSees.length >= 4, 10_000, 'bob hears the second window');
    expect(bobSees).toHaveLength(4);
    expect(shownTyping(bobSees, acme)).toEqual({ '': [], [thread]: [ids.carol] });

    // alice heard carol, twice, and never herself
    await waitUntil(async () => aliceSees.length >= 2, 10_000, 'alice hears carol');
    expect(aliceSees.every((c) => c.userId === ids.carol && c.accountId === ids.alice)).toBe(true);
    expect(shownTyping(aliceSees, acme)).toEqual({ [thread]: [ids.carol] });
  });
});

// Display names through real client cores and a real server: the directory the core caches carries
// each colleague's display name, a change arrives live (`profile:changed` → `data:changed`
// 'directory'), and the cache keeps it for offline use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAcme, useRestartableServer, waitUntil, type TestCore } from '../helpers/core';

describe('display names through client cores', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let carol: TestCore;
  let bobId = '';

  beforeAll(async () => {
    ({ alice, bob, carol } = await signedInAcme(server().url));
    bobId = (await bob.call('session:get', {})).user!.id;
  });
  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((t) => t?.core.close()));
  });

  const bobIn = async (t: TestCore) => (await t.call('directory:list', {})).users.find((u) => u.id === bobId);

  it('caches display names with the directory and follows a change live, offline too', async () => {
    await waitUntil(async () => (await bobIn(alice))?.displayName === 'Bob Baker', 10_000, 'directory synced');

    const kinds: string[][] = [];
    alice.core.on('data:changed', (p) => kinds.push(p.kinds));
    await bob.call('profile:update', { displayName: 'Robert B.' });
    await waitUntil(async () => (await bobIn(alice))?.displayName === 'Robert B.', 10_000, 'alice sees the new name');
    expect(kinds.some((k) => k.includes('directory'))).toBe(true);
    expect(await bobIn(alice)).toMatchObject({ name: 'Bob Baker', handle: 'bob' });
    // carol shares no team with bob and hears it all the same
    await waitUntil(async () => (await bobIn(carol))?.displayName === 'Robert B.', 10_000, 'carol sees it');

    await server().stop();
    await alice.waitForState('offline');
    expect((await bobIn(alice))?.displayName).toBe('Robert B.');
    await server().start();
    await alice.waitForState('live');
  });
});

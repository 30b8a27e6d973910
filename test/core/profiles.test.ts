// Profiles through real client cores and a real server: read online and cached as shown, so a card
// opens offline with what was last visible (never more); changes refused offline; the language and
// the first-run tour remembered across restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, signedInAcme, useRestartableServer, type TestCore } from '../helpers/core';

describe('profiles through client cores', () => {
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

  it('shows the server’s view online and the last view offline, and refuses changes offline', async () => {
    const saved = await bob.call('profile:update', {
      title: 'Illustrator',
      phone: '+358 40 SENTINEL',
      visibility: { title: 'org', phone: 'nobody' },
    });
    expect(saved.visibility).toMatchObject({ title: 'org', phone: 'nobody', about: 'nobody' });

    const online = await alice.call('profile:get', { userId: bobId });
    expect(online).toMatchObject({ source: 'server', profile: { displayName: 'Bob Baker', title: 'Illustrator' } });
    expect(online.profile).not.toHaveProperty('phone');
    expect(online).not.toHaveProperty('visibility');

    // bob narrows the title to his teams; carol (Engineering) looks once after that
    await bob.call('profile:update', { visibility: { title: 'teams' } });
    const carolSees = await carol.call('profile:get', { userId: bobId });
    expect(carolSees.profile).not.toHaveProperty('title');

    await server().stop();
    await Promise.all([alice, bob, carol].map((t) => t.waitForState('offline')));

    const cached = await alice.call('profile:get', { userId: bobId });
    expect(cached.source).toBe('cache');
    expect(cached.fetchedAt).toBe(online.fetchedAt);
    expect(cached.profile).toEqual(online.profile);
    // carol's cache holds what she saw last: the narrowed view
    expect((await carol.call('profile:get', { userId: bobId })).profile).not.toHaveProperty('title');
    // nobody this computer never looked at
    const aliceId = (await alice.call('session:get', {})).user!.id;
    expect(await carol.call('profile:get', { userId: aliceId })).toEqual({
      profile: null,
      source: 'cache',
      fetchedAt: null,
    });
    // my own, with my visibility settings
    const own = await bob.call('profile:get', { userId: bobId });
    expect(own).toMatchObject({
      source: 'cache',
      profile: { phone: '+358 40 SENTINEL' },
      visibility: { phone: 'nobody' },
    });

    const refused = await bob.core.invoke('profile:update', { title: 'Offline title' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    await server().start();
    await Promise.all([alice, bob, carol].map((t) => t.waitForState('live')));
    // nothing of the refused change was queued
    expect((await alice.call('profile:get', { userId: bobId })).profile!.title).toBe('Illustrator');
    expect((await bob.call('profile:get', { userId: bobId })).profile!.title).toBe('Illustrator');
  });

  it('refuses an invalid change before asking anyone, naming the field', async () => {
    const res = await bob.core.invoke('profile:update', { phone: 'x'.repeat(41) });
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'phone' } });
  });

  it('keeps the language for the app and the first-run tour per account across a restart', async () => {
    const before = await alice.call('settings:get', {});
    expect(before).toMatchObject({ language: 'system', firstRunDone: false });
    await alice.call('settings:set', { language: 'fi', firstRunDone: true });
    await alice.core.close();
    alice = openCore(alice.dataDir);
    await alice.waitForState('live');
    expect(await alice.call('settings:get', {})).toMatchObject({ language: 'fi', firstRunDone: true });
    // another account on another computer has not seen the tour
    expect(await carol.call('settings:get', {})).toMatchObject({ firstRunDone: false });
  });
});

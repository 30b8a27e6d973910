// The team pulse through real client cores and a real server: fetched online and kept in the cache,
// so that offline, after a restart too, the last one fetched answers with its time (or none for a
// period never fetched); back online the server answers again; leaving the team drops the kept pulse
// with the stream; the server's refusal passes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openAccountCache,
  openCore,
  signedInAcme,
  useRestartableServer,
  waitUntil,
  type TestCore,
} from '../helpers/core';

describe('team pulse through client cores', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let designTeamId = '';
  let designStreamId = '';

  beforeAll(async () => {
    ({ alice, bob } = await signedInAcme(server().url));
    const design = (await alice.call('stream:list', {})).streams.find((s) => s.name === 'Design')!;
    designTeamId = design.teamId!;
    designStreamId = design.id;
  });
  afterAll(async () => {
    await Promise.all([alice, bob].map((t) => t?.core.close()));
  });

  it('answers from the server online, from the cache offline after a restart, and refuses a member', async () => {
    const online = await alice.call('pulse:get', { teamId: designTeamId, weeks: 4 });
    expect(online.source).toBe('server');
    expect(online.pulse!.weeks).toHaveLength(4);
    expect(online.pulse!.teamId).toBe(designTeamId);

    const refused = await bob.core.invoke('pulse:get', { teamId: designTeamId, weeks: 4 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'teamId' } });

    await server().stop();
    await alice.waitForState('offline');
    // the app restarts while the server is away: the pulse comes from the cache file
    await alice.core.close();
    alice = openCore(alice.dataDir);
    await alice.waitForState('offline');
    expect(await alice.call('pulse:get', { teamId: designTeamId, weeks: 4 })).toEqual({
      pulse: online.pulse,
      source: 'cache',
      fetchedAt: online.fetchedAt,
    });
    // a period never fetched: nothing to show, the panel says it needs the server
    expect(await alice.call('pulse:get', { teamId: designTeamId, weeks: 26 })).toEqual({
      pulse: null,
      source: 'cache',
      fetchedAt: null,
    });

    await server().start();
    await alice.waitForState('live');
    const again = await alice.call('pulse:get', { teamId: designTeamId, weeks: 4 });
    expect(again.source).toBe('server');
    expect(again.pulse!.computedAt).toBeGreaterThan(online.pulse!.computedAt);
  });

  it('forgets the kept pulses of a team I leave, with its stream', async () => {
    await alice.call('pulse:get', { teamId: designTeamId, weeks: 12 });
    const me = (await alice.call('session:get', {})).user!.id;
    const keptPulses = async () => {
      await alice.core.close();
      const db = openAccountCache(alice.dataDir, me);
      try {
        return db.prepare('SELECT weeks FROM pulses WHERE stream_id = ? ORDER BY weeks').pluck().all(designStreamId);
      } finally {
        db.close();
        alice = openCore(alice.dataDir);
        await alice.waitForState('live');
      }
    };
    expect(await keptPulses()).toEqual([4, 12]);
    await server().admin().removeMember({ email: 'alice@acme.test', team: 'design' });
    await waitUntil(
      async () => !(await alice.call('stream:list', {})).streams.some((s) => s.id === designStreamId),
      10_000,
      'Design gone from the cache',
    );
    expect(await keptPulses()).toEqual([]);
  });
});

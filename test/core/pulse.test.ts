// The team pulse through real client cores and a real server: fetched online, and offline the last
// one fetched in this session from memory with its time, or none; the server's refusal passes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAcme, useRestartableServer, type TestCore } from '../helpers/core';

describe('team pulse through client cores', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let designTeamId = '';

  beforeAll(async () => {
    ({ alice, bob } = await signedInAcme(server().url));
    const design = (await alice.call('stream:list', {})).streams.find((s) => s.name === 'Design')!;
    designTeamId = design.teamId!;
  });
  afterAll(async () => {
    await Promise.all([alice, bob].map((t) => t?.core.close()));
  });

  it('answers from the server online, from memory offline, and refuses a member', async () => {
    const online = await alice.call('pulse:get', { teamId: designTeamId, weeks: 4 });
    expect(online.source).toBe('server');
    expect(online.pulse!.weeks).toHaveLength(4);
    expect(online.pulse!.teamId).toBe(designTeamId);

    const refused = await bob.core.invoke('pulse:get', { teamId: designTeamId, weeks: 4 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'teamId' } });

    await server().stop();
    await alice.waitForState('offline');
    expect(await alice.call('pulse:get', { teamId: designTeamId, weeks: 4 })).toEqual({
      pulse: online.pulse,
      source: 'memory',
      fetchedAt: online.fetchedAt,
    });
    // a period never fetched: nothing to show, the panel says it needs the server
    expect(await alice.call('pulse:get', { teamId: designTeamId, weeks: 26 })).toEqual({
      pulse: null,
      source: 'memory',
      fetchedAt: null,
    });
    await server().start();
    await alice.waitForState('live');
  });
});

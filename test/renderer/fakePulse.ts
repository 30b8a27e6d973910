/*
 * The team pulse part of the FakeApi (fakeApi.ts spreads `pulseHandlers(this)` in): per fake, the
 * pulses `pulse:get` answers by team, and an offline switch under which it answers from "memory" as
 * the core does (the real numbers are tested against the server in test/server/pulse.test.ts).
 */
import type { IpcRequestParsed, IpcResponse } from '../../shared/ipc';
import { isoWeekStart, WEEK_MS, type Pulse } from '../../shared/protocol/pulse';

/** What one fake's `pulse:get` answers. */
export interface FakePulseWorld {
  /** The pulse of each team (as the server computed it); a team without one has no activity yet. */
  pulses: Record<string, Pulse>;
  /** false: answers `source: 'cache'` with `cached` (the last one fetched), or none. */
  online: boolean;
  /** What the core's cache holds from the last fetch, by team (offline answers). */
  cached: Record<string, { pulse: Pulse; fetchedAt: number }>;
  /** Every request, in order. */
  requests: Array<IpcRequestParsed<'pulse:get'>>;
}

const worlds = new WeakMap<object, FakePulseWorld>();

/** The pulse world of a fake (created empty on first use). */
export function pulseOf(api: object): FakePulseWorld {
  let world = worlds.get(api);
  if (!world) worlds.set(api, (world = { pulses: {}, online: true, cached: {}, requests: [] }));
  return world;
}

/** The `pulse:get` handler of a fake. */
export function pulseHandlers(api: object): {
  'pulse:get': (r: IpcRequestParsed<'pulse:get'>) => IpcResponse<'pulse:get'>;
} {
  return {
    'pulse:get': (r) => {
      const world = pulseOf(api);
      world.requests.push(r);
      if (!world.online) {
        const last = world.cached[r.teamId];
        return last
          ? { pulse: last.pulse, source: 'cache', fetchedAt: last.fetchedAt }
          : { pulse: null, source: 'cache', fetchedAt: null };
      }
      const pulse = world.pulses[r.teamId] ?? emptyPulse(r.teamId, r.weeks);
      return { pulse, source: 'server', fetchedAt: pulse.computedAt };
    },
  };
}

/** A pulse of a team with no activity in the period: every week zero, nobody new. */
export function emptyPulse(teamId: string, weeks: number, now = Date.UTC(2026, 11, 2, 12)): Pulse {
  const thisWeek = isoWeekStart(now);
  return {
    teamId,
    computedAt: now,
    weeks: Array.from({ length: weeks }, (_, i) => ({
      weekStart: thisWeek - (weeks - 1 - i) * WEEK_MS,
      posts: 0,
      replies: 0,
      activeMembers: 0,
      promoted: 0,
      reach: 0,
      joined: 0,
    })),
    newMembers: [],
    medianTimeToFirstPostMs: null,
  };
}

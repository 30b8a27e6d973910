import type { IpcResponse } from '../../../shared/ipc/contract';
import type { Pulse } from '../../../shared/protocol/index';
import { cachedPulse, storePulse, teamStreamId } from '../cache/pulses';
import { unwrap, type Handler } from './context';

/*
 * The team pulse is computed by the server. The last one fetched per team stream and period is kept
 * in the cache (migration 0160) so that offline, after a restart too, the panel shows it with the
 * time the server computed it; it goes with the stream when I leave the team. A pulse of a team whose
 * stream this computer does not hold is shown but not kept.
 */

/** `pulse:get`: from the server when online (and kept), else the last one kept, else none. */
export const pulseGet: Handler<'pulse:get'> = async (ctx, req): Promise<IpcResponse<'pulse:get'>> => {
  const acc = ctx.account();
  const streamId = teamStreamId(acc.db, req.teamId);
  if (acc.engine.online) {
    const ack = await acc.engine.request('pulse:get', req);
    if (ack.ok || ack.error.code !== 'UNAVAILABLE') {
      const { teamId, computedAt, weeks, newMembers, medianTimeToFirstPostMs } = unwrap(ack);
      const pulse: Pulse = { teamId, computedAt, weeks, newMembers, medianTimeToFirstPostMs };
      const fetchedAt = Date.now();
      if (streamId !== null) storePulse(acc.db, streamId, req.weeks, pulse, fetchedAt);
      return { pulse, source: 'server', fetchedAt };
    }
  }
  const kept = streamId === null ? null : cachedPulse(acc.db, streamId, req.weeks);
  return kept
    ? { pulse: kept.pulse, source: 'cache', fetchedAt: kept.fetchedAt }
    : { pulse: null, source: 'cache', fetchedAt: null };
};

import type { Account } from '../account';
import type { IpcResponse } from '../../../shared/ipc/contract';
import type { Pulse } from '../../../shared/protocol/index';
import { unwrap, type Handler } from './context';

/*
 * The team pulse is fetched from the server and kept in memory only, per account, team and period:
 * it is a curator's report, recomputed on the server every time, and not worth a cache table. Offline
 * (or when the connection drops on the way) the last one fetched in this session answers, with the
 * time it was fetched, so the panel can say how old it is.
 */

/** The last pulse fetched per account, by team and period. */
const lastFetched = new WeakMap<Account, Map<string, { pulse: Pulse; fetchedAt: number }>>();

/** `pulse:get`: from the server when online, else the last one fetched, else none. */
export const pulseGet: Handler<'pulse:get'> = async (ctx, req): Promise<IpcResponse<'pulse:get'>> => {
  const acc = ctx.account();
  const key = `${req.teamId}/${req.weeks}`;
  let memory = lastFetched.get(acc);
  if (!memory) lastFetched.set(acc, (memory = new Map()));
  if (acc.engine.online) {
    const ack = await acc.engine.request('pulse:get', req);
    if (ack.ok || ack.error.code !== 'UNAVAILABLE') {
      const { teamId, computedAt, weeks, newMembers, medianTimeToFirstPostMs } = unwrap(ack);
      const pulse: Pulse = { teamId, computedAt, weeks, newMembers, medianTimeToFirstPostMs };
      const fetchedAt = Date.now();
      memory.set(key, { pulse, fetchedAt });
      return { pulse, source: 'server', fetchedAt };
    }
  }
  const last = memory.get(key);
  return last
    ? { pulse: last.pulse, source: 'memory', fetchedAt: last.fetchedAt }
    : { pulse: null, source: 'memory', fetchedAt: null };
};

/*
 * The last team pulse fetched per team stream and period (cache migration 0160), kept so the pulse
 * panel has something to show offline and after a restart, with when the server computed it.
 */
import { pulseGetResponseSchema, type Pulse } from '../../../shared/protocol/pulse';
import type { Db } from './database';
import { stmt } from './statements';

/** A cached pulse with when this computer fetched it. */
export interface CachedPulse {
  pulse: Pulse;
  fetchedAt: number;
}

/** The cached stream of a team (null when this computer does not hold it: nothing is kept then). */
export function teamStreamId(db: Db, teamId: string): string | null {
  const id = stmt(db, "SELECT id FROM streams WHERE team_id = ? AND kind = 'team'").pluck().get(teamId) as
    string | undefined;
  return id ?? null;
}

/** Keeps a pulse the server answered, replacing the one of the same stream and period. */
export function storePulse(db: Db, streamId: string, weeks: number, pulse: Pulse, fetchedAt: number): void {
  stmt(
    db,
    `INSERT INTO pulses (stream_id, weeks, payload, computed_at, fetched_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (stream_id, weeks) DO UPDATE SET payload = excluded.payload, computed_at = excluded.computed_at,
       fetched_at = excluded.fetched_at`,
  ).run(streamId, weeks, JSON.stringify(pulse), pulse.computedAt, fetchedAt);
}

/** The last pulse kept for a stream and period, or null (none, or one this version cannot read). */
export function cachedPulse(db: Db, streamId: string, weeks: number): CachedPulse | null {
  const row = stmt(db, 'SELECT payload, fetched_at AS fetchedAt FROM pulses WHERE stream_id = ? AND weeks = ?').get(
    streamId,
    weeks,
  ) as { payload: string; fetchedAt: number } | undefined;
  if (!row) return null;
  const parsed = pulseGetResponseSchema.safeParse(JSON.parse(row.payload));
  return parsed.success ? { pulse: parsed.data, fetchedAt: row.fetchedAt } : null;
}

/** Forgets a stream's pulses (the stream leaves the cache). */
export function forgetPulses(db: Db, streamId: string): void {
  stmt(db, 'DELETE FROM pulses WHERE stream_id = ?').run(streamId);
}

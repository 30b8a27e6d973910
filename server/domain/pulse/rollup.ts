/*
 * Keeping the pulse rollup (`pulse_weeks`) fresh: for each team, every closed week of the longest
 * period a pulse shows that has no row, or a row older than the stream's last deletion or purge, is
 * recomputed from the messages table in the team's own unit of work. Rows are pure functions of
 * committed data, so two nodes refreshing at once write the same numbers: no lease is needed.
 */
import { isoWeekStart, PULSE_WEEK_CHOICES } from '../../../shared/protocol/index';
import type { Store } from '../../db/store';
import { weekOf, weekStartOf, type PulseTeam } from '../../repositories/pulse.repository';

/** Weeks the rollup keeps: the longest period a pulse may show. */
const ROLLUP_WEEKS = Math.max(...PULSE_WEEK_CHOICES);
/**
 * A week is rolled up only this long after it ended: a message stamped just before midnight on Sunday
 * may commit a moment later, and a row computed before it commits would miss it for good.
 */
export const ROLLUP_GRACE_MS = 5 * 60_000;

/** What one refresh did. */
export interface RollupRefresh {
  teams: number;
  /** Week rows written (missing or stale ones). */
  rows: number;
}

/** Brings every team's rollup rows up to date as of `now`. */
export async function refreshPulseRollup(store: Store, now: number): Promise<RollupRefresh> {
  const teams = await store.withTransaction((tx) => tx.pulse.teams(), { readOnly: true });
  let rows = 0;
  for (const team of teams) rows += await refreshTeam(store, team, now);
  return { teams: teams.length, rows };
}

/** Refreshes one team's closed weeks; resolves with how many rows it wrote. */
async function refreshTeam(store: Store, team: PulseTeam, now: number): Promise<number> {
  // the last week that ended at least the grace period ago
  const lastClosed = weekOf(isoWeekStart(now - ROLLUP_GRACE_MS)) - 1;
  const firstWeek = weekOf(isoWeekStart(now)) - ROLLUP_WEEKS + 1;
  if (lastClosed < firstWeek) return 0;
  return store.withTransaction(async (tx) => {
    const watermark = await tx.pulse.removalsWatermark(team.streamId);
    const stored = await tx.pulse.rollupRows(team.id, firstWeek, lastClosed + 1);
    const fresh = new Set(stored.filter((r) => r.removalsSeq === watermark).map((r) => r.week));
    let start = firstWeek;
    while (start <= lastClosed && fresh.has(start)) start += 1;
    if (start > lastClosed) return 0;
    // one raw range from the first week that needs it: weeks without messages get zero rows
    const counted = new Map(
      (await tx.pulse.countersBetween(team.streamId, weekStartOf(start), weekStartOf(lastClosed + 1))).map((c) => [
        c.week,
        c,
      ]),
    );
    let written = 0;
    for (let week = start; week <= lastClosed; week++) {
      const c = counted.get(week) ?? { week, posts: 0, replies: 0, activeMembers: 0 };
      await tx.pulse.saveRollupRow(team.id, { ...c, removalsSeq: watermark }, now);
      written += 1;
    }
    return written;
  });
}

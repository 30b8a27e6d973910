/*
 * The team pulse (docs/protocol.md § pulse:get, docs/performance.md § Team pulse): a team's activity
 * per ISO week. Message counters of closed weeks come from the rollup (`pulse_weeks`) when its row is
 * still valid, else straight from the messages table; the current week always comes from the
 * messages table. Promotions, reach and new members are small and always read raw; new members are
 * dated by the membership history (first joins, so leaving does not forget anyone and re-joining does
 * not make anyone new again).
 */
import { isoWeekStart, WEEK_MS, type Pulse, type PulseWeek } from '../../../shared/protocol/index';
import type { Tx } from '../../db/store';
import { weekOf, weekStartOf, type PulseCounters } from '../../repositories/pulse.repository';
import type { TeamRecord } from '../../repositories/teams.repository';

/** Where the closed weeks' message counters come from. */
export type PulseSource = 'rollup' | 'raw';

/** A team's pulse over the last `weeks` ISO weeks up to `now`. */
export async function computePulse(
  tx: Tx,
  team: Pick<TeamRecord, 'id' | 'streamId'>,
  weeks: number,
  now: number,
  source: PulseSource = 'rollup',
): Promise<Pulse> {
  const currentWeek = weekOf(isoWeekStart(now));
  const firstWeek = currentWeek - weeks + 1;
  const from = weekStartOf(firstWeek);
  const counters = await messageCounters(tx, team, firstWeek, currentWeek, now, source);
  const copies = await tx.pulse.promotedCopies(team.id, from, now + 1);
  const newMembers = await tx.pulse.newMembers(team.id, team.streamId, from);

  const result: PulseWeek[] = [];
  for (let week = firstWeek; week <= currentWeek; week++) {
    const weekStart = weekStartOf(week);
    const inWeek = copies.filter((c) => c.createdAt >= weekStart && c.createdAt < weekStart + WEEK_MS);
    result.push({
      weekStart,
      posts: counters.get(week)?.posts ?? 0,
      replies: counters.get(week)?.replies ?? 0,
      activeMembers: counters.get(week)?.activeMembers ?? 0,
      promoted: inWeek.length,
      reach: await reachOf(tx, inWeek),
      joined: newMembers.filter((m) => m.joinedAt >= weekStart && m.joinedAt < weekStart + WEEK_MS).length,
    });
  }
  const waits = newMembers.flatMap((m) => (m.firstPostAt === null ? [] : [m.firstPostAt - m.joinedAt]));
  return {
    teamId: team.id,
    computedAt: now,
    weeks: result,
    newMembers,
    medianTimeToFirstPostMs: median(waits),
  };
}

/**
 * The message counters of weeks [firstWeek, currentWeek]: the rollup's valid rows for the leading run
 * of closed weeks it covers, the messages table from the first week it does not cover on (so a
 * missing or stale row costs one raw range, never a wrong number).
 */
async function messageCounters(
  tx: Tx,
  team: Pick<TeamRecord, 'id' | 'streamId'>,
  firstWeek: number,
  currentWeek: number,
  now: number,
  source: PulseSource,
): Promise<Map<number, PulseCounters>> {
  const counters = new Map<number, PulseCounters>();
  let rawFrom = firstWeek;
  if (source === 'rollup') {
    const watermark = await tx.pulse.removalsWatermark(team.streamId);
    const rows = await tx.pulse.rollupRows(team.id, firstWeek, currentWeek);
    const valid = new Map(rows.filter((r) => r.removalsSeq === watermark).map((r) => [r.week, r]));
    while (rawFrom < currentWeek && valid.has(rawFrom)) {
      counters.set(rawFrom, valid.get(rawFrom)!);
      rawFrom += 1;
    }
  }
  for (const row of await tx.pulse.countersBetween(team.streamId, weekStartOf(rawFrom), now + 1))
    counters.set(row.week, row);
  return counters;
}

/**
 * Distinct readers of a week's org-wide copies. A read marker is a high-water mark, so everyone who
 * read any of them has a marker at or past the earliest one's seq (per org-wide stream; there is one).
 */
async function reachOf(tx: Tx, copies: ReadonlyArray<{ streamId: string; seq: number }>): Promise<number> {
  const earliest = new Map<string, number>();
  for (const copy of copies) earliest.set(copy.streamId, Math.min(earliest.get(copy.streamId) ?? copy.seq, copy.seq));
  let reach = 0;
  for (const [streamId, seq] of earliest) reach += await tx.pulse.readersFrom(streamId, seq);
  return reach;
}

/** The median of a list of durations (the lower middle one's and the upper's mean, rounded), or null. */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

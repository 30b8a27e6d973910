import type {
  CurrentMembership,
  ExportPerson,
  ExportStream,
  MembershipChange,
} from '../../repositories/export.repository';

/** One step of one person's access to one stream. */
interface Step {
  at: number;
  present: boolean;
}

/**
 * Who could read a stream at a given time, for the export's "members at the time of the message":
 * team streams from the membership history (migration 0210, the one record of joins and leaves that
 * the team pulse reads too), completed by today's memberships for anyone whose joining it lacks; the org-wide stream
 * from when each person joined the organization. Membership changes are rare, so the member list of
 * each stretch between two changes is computed once and shared by every message in that stretch.
 */
export class MembershipTimeline {
  /** stream id → user id → steps in time order. */
  private readonly steps = new Map<string, Map<string, Step[]>>();
  /** stream id → the times at which its membership changed, ascending. */
  private readonly changeTimes = new Map<string, number[]>();
  private readonly memo = new Map<string, string[]>();

  constructor(input: {
    streams: readonly ExportStream[];
    people: readonly ExportPerson[];
    current: readonly CurrentMembership[];
    changes: readonly MembershipChange[];
  }) {
    for (const change of input.changes)
      this.add(change.streamId, change.userId, { at: change.at, present: change.change === 'added' });
    for (const membership of input.current) {
      const known = this.steps.get(membership.streamId)?.get(membership.userId);
      // a membership older than the trail (or made without it): a member since it was created
      if (!known?.some((step) => step.present && step.at <= membership.createdAt))
        this.add(membership.streamId, membership.userId, { at: membership.createdAt, present: true });
    }
    for (const stream of input.streams)
      if (stream.kind === 'org')
        for (const person of input.people) this.add(stream.id, person.id, { at: person.createdAt, present: true });
    for (const [streamId, users] of this.steps) {
      const times = new Set<number>();
      for (const steps of users.values()) {
        steps.sort((a, b) => a.at - b.at);
        for (const step of steps) times.add(step.at);
      }
      this.changeTimes.set(
        streamId,
        [...times].sort((a, b) => a - b),
      );
    }
  }

  /** The ids of the people who could read the stream at `at` (sorted). */
  membersAt(streamId: string, at: number): string[] {
    const times = this.changeTimes.get(streamId);
    if (!times) return [];
    const stretch = lastIndexAtOrBefore(times, at);
    const key = `${streamId}\u0000${stretch}`;
    const cached = this.memo.get(key);
    if (cached) return cached;
    const members: string[] = [];
    for (const [userId, steps] of this.steps.get(streamId) ?? []) {
      const last =
        steps[
          lastIndexAtOrBefore(
            steps.map((s) => s.at),
            at,
          )
        ];
      if (last?.present) members.push(userId);
    }
    members.sort();
    this.memo.set(key, members);
    return members;
  }

  private add(streamId: string, userId: string, step: Step): void {
    let users = this.steps.get(streamId);
    if (!users) this.steps.set(streamId, (users = new Map()));
    const steps = users.get(userId);
    if (steps) steps.push(step);
    else users.set(userId, [step]);
  }
}

/** Index of the last value ≤ `at` in an ascending list, or -1. */
function lastIndexAtOrBefore(sorted: readonly number[], at: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! <= at) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

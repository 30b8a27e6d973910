import type { Store, Tx } from '../db/store';
import { joinedStream } from '../domain/access';
import { createEffects, type EffectSink, type Effects } from '../domain/effects';
import { collectOrgRole, collectTeamStream, collectTeamRole, collectUrlPolicy } from '../domain/liveAccess';
import type { Logger } from '../logger';
import type { AuditRecord } from '../repositories/audit.repository';

/** The audit actions whose CLI-made changes connected sockets must hear about. */
const FOLLOWED = [
  'member.add',
  'member.remove',
  'password.reset',
  'user.deactivated',
  'org.speech_policy',
  'org.url_policy',
  'member.role',
  'org.role',
  'team.rename',
  'team.archive',
  'team.unarchive',
] as const;

/**
 * How long a record's id stays below the tail's horizon. On PostgreSQL ids are handed out when a
 * record is written but become visible at its commit, so a record can appear after one with a higher
 * id (two CLI commands at once): the tail keeps re-reading this much behind the newest it has seen.
 */
const LOOKBACK_MS = 10_000;

/** Adds what one CLI change means for connected sockets (if anything) to `into`. */
async function replay(tx: Tx, record: AuditRecord, into: Effects): Promise<void> {
  if (record.detail.via !== 'admin-cli' || !record.target) return;
  if (record.action === 'password.reset' || record.action === 'user.deactivated') {
    into.revokedTokens.push(...(await tx.tokens.revokedSince(record.target, record.at)));
    return;
  }
  if (record.action === 'org.speech_policy') {
    const orgStream = await tx.streams.getOrgStream(record.target);
    if (orgStream)
      into.speechPolicies.push({ streamId: orgStream.id, policy: await tx.speechPolicies.get(record.target) });
    return;
  }
  if (record.action === 'org.url_policy') return collectUrlPolicy(tx, record.target, into);
  if (record.action === 'org.role') {
    const user = await tx.users.get(record.target);
    if (user) collectOrgRole(user, into);
    return;
  }
  const teamId = typeof record.detail.teamId === 'string' ? record.detail.teamId : null;
  const team = teamId ? await tx.teams.get(teamId) : null;
  if (!team) return;
  if (record.action === 'team.rename' || record.action === 'team.archive' || record.action === 'team.unarchive')
    return collectTeamStream(tx, team, into);
  if (record.action === 'member.remove') {
    into.membership.push({ userId: record.target, streamId: team.streamId, change: 'removed' });
    return;
  }
  const user = await tx.users.get(record.target);
  if (user && record.action === 'member.role') return collectTeamRole(tx, user, team.streamId, into);
  const joined = user ? await joinedStream(tx, user, team.streamId) : null;
  if (joined) into.membership.push(joined);
}

/**
 * The admin CLI writes to the database from another process, so the running server cannot hear it.
 * It follows the audit log instead (through the audit repository) and replays the CLI's membership,
 * role, policy, password and deactivation changes to connected sockets (join/leave rooms, stream:added/removed,
 * role and policy pushes, disconnect ended sessions) within one poll period. Every node of a cluster
 * runs its own tail for its own sockets.
 */
export async function startAdminTail(
  store: Store,
  sink: EffectSink,
  intervalMs: number,
  log: Logger,
): Promise<{ stop(): void; poll(): Promise<void> }> {
  // ids below `floor` are settled; those above it already replayed are in `seen` (id → when)
  let floor = await store.withTransaction((tx) => tx.audit.latestId(), { readOnly: true });
  const seen = new Map<number, number>();
  /** Moves the floor past the ids seen longer ago than the lookback (seen in id order). */
  const settle = (now: number): void => {
    for (const [id, at] of seen) {
      if (at > now - LOOKBACK_MS) break;
      floor = Math.max(floor, id);
      seen.delete(id);
    }
  };
  let stopped = false;
  let polling: Promise<void> | null = null;
  const poll = (): Promise<void> => {
    polling ??= (async () => {
      try {
        const effects = await store.withTransaction(
          async (tx) => {
            const records = (await tx.audit.listAfter(floor, FOLLOWED)).filter((r) => !seen.has(r.id));
            const found = createEffects();
            for (const record of records) await replay(tx, record, found);
            return { records, found };
          },
          { readOnly: true },
        );
        const now = Date.now();
        for (const record of effects.records) seen.set(record.id, now);
        // keep `seen` in id order, so settling can stop at the first id still inside the lookback
        if (effects.records.length > 0) {
          const ordered = [...seen].sort(([a], [b]) => a - b);
          seen.clear();
          for (const [id, at] of ordered) seen.set(id, at);
        }
        settle(now);
        if (!stopped) sink(effects.found);
      } catch (error) {
        if (!stopped) log.warn('admin tail failed', { error: error instanceof Error ? error.message : String(error) });
      } finally {
        polling = null;
      }
    })();
    return polling;
  };
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
    poll,
  };
}

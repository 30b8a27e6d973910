import type { Store, Tx } from '../db/store';
import { joinedStream } from '../domain/access';
import { createEffects, type EffectSink, type Effects } from '../domain/effects';
import { collectOrgRole, collectTeamRole, collectUrlPolicy } from '../domain/liveAccess';
import type { Logger } from '../logger';
import type { AuditRecord } from '../repositories/audit.repository';

/** The audit actions whose CLI-made changes connected sockets must hear about. */
const FOLLOWED = [
  'member.add',
  'member.remove',
  'password.reset',
  'org.speech_policy',
  'org.url_policy',
  'member.role',
  'org.role',
] as const;

/** Adds what one CLI change means for connected sockets (if anything) to `into`. */
async function replay(tx: Tx, record: AuditRecord, into: Effects): Promise<void> {
  if (record.detail.via !== 'admin-cli' || !record.target) return;
  if (record.action === 'password.reset') {
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
 * role, policy and password changes to connected sockets (join/leave rooms, stream:added/removed,
 * role and policy pushes, disconnect ended sessions) within one poll period.
 */
export async function startAdminTail(
  store: Store,
  sink: EffectSink,
  intervalMs: number,
  log: Logger,
): Promise<{ stop(): void; poll(): Promise<void> }> {
  let last = await store.withTransaction((tx) => tx.audit.latestId(), { readOnly: true });
  let stopped = false;
  let polling: Promise<void> | null = null;
  const poll = (): Promise<void> => {
    polling ??= (async () => {
      try {
        const effects = await store.withTransaction(
          async (tx) => {
            const records = await tx.audit.listAfter(last, FOLLOWED);
            const found = createEffects();
            for (const record of records) await replay(tx, record, found);
            return { records, found };
          },
          { readOnly: true },
        );
        if (effects.records.length > 0) last = effects.records[effects.records.length - 1]!.id;
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

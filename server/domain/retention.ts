/*
 * Deleting under legal hold, and changing retention periods (docs/governance.md#retention-and-legal-hold).
 * The scheduled purge itself is in purge.ts and retentionJob.ts.
 */
import type { RetentionSettings } from '../../shared/protocol/index';
import { ProtocolError } from '../../shared/protocol/index';
import type { Tx } from '../db/store';

/**
 * Deletes a message for good: the tombstone (row and seq kept, body, references, reactions and log
 * copies redacted) and every earlier version from its edit history — unless a legal hold covers the
 * message (its author or its team is held). Then the tombstone is the same for everyone in the app,
 * but the body it had is kept as one more version, by whoever deleted it, so compliance still reads
 * every version through `message:history`. Call inside the unit of work that appends the
 * `message:deleted` event.
 */
export async function eraseMessage(tx: Tx, messageId: string, at: number, deleterId?: string): Promise<void> {
  const held = await tx.legalHolds.coversMessage(messageId);
  if (held) await tx.messages.keepBodyAsVersion(messageId, deleterId ?? null, at);
  // its files go with it: out of every reader's reach now, their bytes after the commit unless held
  await tx.files.markDeletedOf([messageId], at, held);
  await tx.messages.tombstone(messageId, at);
  if (!held) await tx.messages.deleteEdits(messageId);
}

/** A change of one retention period: the org default (`teamId` null) or a team's override. */
export interface RetentionChange {
  orgId: string;
  teamId: string | null;
  days: number | null;
  actorId: string | null;
  via: string;
  now: number;
}

/**
 * Sets a retention period and audits it (`org.retention`, with the previous value); the socket request
 * and the admin CLI both come here. A team of another organization answers NOT_FOUND (`teamId`).
 */
export async function changeRetention(tx: Tx, change: RetentionChange): Promise<RetentionSettings> {
  if (change.teamId !== null) {
    const team = await tx.teams.get(change.teamId);
    if (!team || team.orgId !== change.orgId) throw new ProtocolError('NOT_FOUND', 'no such team', 'teamId');
  }
  const before = await tx.retention.getSettings(change.orgId);
  const previous =
    change.teamId === null
      ? before.orgDays
      : (before.teams.find((t) => t.teamId === change.teamId)?.days ?? 'org default');
  await tx.retention.setPeriod(change.orgId, change.teamId, change.days, change.now);
  await tx.audit.insert({
    at: change.now,
    orgId: change.orgId,
    actorId: change.actorId,
    action: 'org.retention',
    target: change.teamId ?? change.orgId,
    detail: { teamId: change.teamId, days: change.days, previous, via: change.via },
  });
  return tx.retention.getSettings(change.orgId);
}

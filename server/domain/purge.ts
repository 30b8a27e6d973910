/*
 * One batch of the retention purge (docs/governance.md#what-expires): deletes expired messages of one
 * stream for good, and tells every cache through the stream's own log, so clients that are online
 * now and clients that catch up later remove the same messages.
 */
import type { Purge } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { RetentionPlan } from '../repositories/retention.repository';
import type { Effects } from './effects';
import { appendEvent } from './streamLog';

/** The actor of log entries written by the server itself (the retention job): the nil UUID. */
export const SYSTEM_ACTOR_ID = '00000000-0000-0000-0000-000000000000';

/** What one batch removed. */
export interface PurgeBatchResult {
  /** Expired messages found (at most the limit): fewer than the limit means the stream is done. */
  found: number;
  /** Messages of the planned stream that were expired and went. */
  purged: number;
  /** Published copies in the org-wide stream that went with them. */
  copies: number;
}

/**
 * Purges up to `limit` expired messages of one stream in the caller's unit of work: the messages
 * and everything hanging on them, one `messages:purged` entry in the stream's log (and one in the
 * org-wide stream's for the published copies that went with them), the earlier log entries that
 * carried them emptied, and one audit record. Messages under legal hold never qualify.
 */
export async function purgeBatch(
  tx: Tx,
  plan: RetentionPlan,
  cutoff: number,
  limit: number,
  now: number,
  effects: Effects,
): Promise<PurgeBatchResult> {
  const batch = await tx.retention.expiredBatch(plan.streamId, cutoff, limit);
  if (batch.length === 0) return { found: 0, purged: 0, copies: 0 };
  const outcome = await tx.retention.purge(batch.map((m) => m.id));
  const ids = outcome.purged;
  if (ids.length === 0) return { found: batch.length, purged: 0, copies: 0 };
  const seqOf = new Map(batch.map((m) => [m.id, m.seq]));
  const gone = [...ids, ...outcome.copies.map((c) => c.id)];
  // their files too (never held: held messages do not expire); the bytes go after the commit
  await tx.files.markDeletedOf(gone, now, false);
  await tx.retention.emptyLogEntries(
    plan.streamId,
    ids.map((id) => seqOf.get(id)!),
    gone,
    outcome.promotionIds,
  );
  await announce(tx, effects, plan.streamId, now, {
    messageIds: ids,
    promotionIds: outcome.promotionIds,
    threadRoots: outcome.threadRoots,
  });
  const byStream = new Map<string, Array<{ id: string; seq: number }>>();
  for (const copy of outcome.copies) byStream.set(copy.streamId, [...(byStream.get(copy.streamId) ?? []), copy]);
  for (const [streamId, copies] of byStream) {
    await tx.retention.emptyLogEntries(
      streamId,
      copies.map((c) => c.seq),
      gone,
      outcome.promotionIds,
    );
    await announce(tx, effects, streamId, now, {
      messageIds: copies.map((c) => c.id),
      promotionIds: outcome.promotionIds,
      // a copy with replies never goes (expiredBatch), so no root there changes
      threadRoots: [],
    });
  }
  await tx.audit.insert({
    at: now,
    orgId: plan.orgId,
    actorId: null,
    action: 'retention.purge',
    target: plan.streamId,
    // teamId: the audit viewer files the record under the team (the org stream's have none)
    detail: {
      teamId: plan.teamId,
      messages: ids.length,
      copies: outcome.copies.length,
      cutoff,
      days: plan.days,
      via: 'retention-job',
    },
  });
  return { found: batch.length, purged: ids.length, copies: outcome.copies.length };
}

/** Appends the `messages:purged` entry that tells every cache of the stream what went. */
async function announce(tx: Tx, effects: Effects, streamId: string, now: number, purge: Purge): Promise<void> {
  await appendEvent(tx, effects, {
    streamId,
    type: 'messages:purged',
    actorId: SYSTEM_ACTOR_ID,
    at: now,
    message: null,
    purge,
  });
}

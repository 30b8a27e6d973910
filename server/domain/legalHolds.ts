/*
 * Placing, releasing and showing legal holds (docs/governance.md#legal-hold): one implementation for
 * the admin CLI (server/admin/retention.admin.ts) and the compliance console's socket requests
 * (server/handlers/legalHolds.handlers.ts). Each change writes its audit record in the caller's unit
 * of work; holds are never deleted, only released.
 */
import { ProtocolError, type LegalHoldView } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { LegalHold } from '../repositories/legalHolds.repository';

/** Who changes a hold and through what (`via` lands in the audit record). */
export interface HoldActor {
  actorId: string | null;
  via: string;
  now: number;
}

/** A hold with the name of what it covers (the user's email, the team's `@handle`), without its org. */
export async function viewHold(tx: Tx, hold: LegalHold): Promise<LegalHoldView> {
  const { orgId: _orgId, ...rest } = hold;
  if (hold.userId !== null) return { ...rest, covers: (await tx.users.get(hold.userId))?.email ?? hold.userId };
  const team = hold.teamId === null ? null : await tx.teams.get(hold.teamId);
  return { ...rest, covers: team ? `@${team.handle}` : (hold.teamId ?? '') };
}

/** Places a hold on one user or one team already known to belong to `orgId`; audited as `legal_hold.place`. */
export async function placeHold(
  tx: Tx,
  input: HoldActor & { orgId: string; userId: string | null; teamId: string | null; reason: string },
): Promise<LegalHold> {
  const { orgId, userId, teamId, reason, actorId, via, now } = input;
  const hold = await tx.legalHolds.place({ orgId, userId, teamId, reason, by: actorId, at: now });
  await tx.audit.insert({
    at: now,
    orgId,
    actorId,
    action: 'legal_hold.place',
    target: String(hold.id),
    detail: { userId, teamId, reason, via },
  });
  return hold;
}

/**
 * Releases an active hold; audited as `legal_hold.release`. With `orgId`, a hold of another
 * organization answers like a missing one. Throws NOT_FOUND when there is no such active hold.
 */
export async function releaseHold(tx: Tx, input: HoldActor & { id: number; orgId?: string }): Promise<LegalHold> {
  if (input.orgId !== undefined) {
    const existing = await tx.legalHolds.get(input.id);
    if (!existing || existing.orgId !== input.orgId)
      throw new ProtocolError('NOT_FOUND', `no active legal hold ${input.id}`, 'holdId');
  }
  const hold = await tx.legalHolds.release(input.id, input.actorId, input.now);
  if (!hold) throw new ProtocolError('NOT_FOUND', `no active legal hold ${input.id}`, 'holdId');
  await tx.audit.insert({
    at: input.now,
    orgId: hold.orgId,
    actorId: input.actorId,
    action: 'legal_hold.release',
    target: String(hold.id),
    detail: { userId: hold.userId, teamId: hold.teamId, via: input.via },
  });
  return hold;
}

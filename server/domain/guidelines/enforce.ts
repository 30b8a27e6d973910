import { postingBlockedMessage, ProtocolError } from '../../../shared/protocol/index';
import type { Tx } from '../../db/store';
import type { UserRecord } from '../../repositories/users.repository';
import type { StreamAccess } from '../access';

/**
 * Refuses (FORBIDDEN, saying what to do) a post in a team stream whose team requires acknowledging
 * its current guidelines, by anyone who has not: curators and org admins too, since the rule is about
 * having read the current text (a publisher's own publish counts as their acknowledgement).
 */
export async function checkGuidelines(tx: Tx, user: UserRecord, access: StreamAccess): Promise<void> {
  const team = access.team;
  if (access.stream.kind !== 'team' || !team || !(await tx.guidelines.requiresAck(team.id))) return;
  const current = await tx.guidelines.current(team.id);
  if (!current) return;
  if (((await tx.guidelines.acknowledgedVersion(team.id, user.id)) ?? 0) >= current.version) return;
  throw new ProtocolError('FORBIDDEN', postingBlockedMessage(team.name, current.version));
}

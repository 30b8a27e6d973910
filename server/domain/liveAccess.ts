/*
 * What connected clients must hear when an admin changes what they may do: the link policy, a team
 * role or an org role. Read inside the unit of work that made the change (or, for the admin CLI, the
 * one that replays it from the audit log), delivered once committed.
 */
import type { Tx } from '../db/store';
import { toPublicUser, type UserRecord } from '../repositories/users.repository';
import { joinedStream } from './access';
import type { Effects } from './effects';

/** The organization's current link policy, for everyone connected to it. */
export async function collectUrlPolicy(tx: Tx, orgId: string, into: Effects): Promise<void> {
  const orgStream = await tx.streams.getOrgStream(orgId);
  if (orgStream) into.urlPolicies.push({ streamId: orgStream.id, urlPolicy: await tx.orgs.getUrlPolicy(orgId) });
}

/** A team stream as the user now sees it (their new role in it), for their sockets. */
export async function collectTeamRole(tx: Tx, user: UserRecord, streamId: string, into: Effects): Promise<void> {
  const view = await joinedStream(tx, user, streamId);
  if (view?.change === 'added') into.roleChanges.push({ userId: user.id, stream: view.stream });
}

/** A team's stream as each of its members now sees it (renamed, archived, opened again), for their sockets. */
export async function collectTeamStream(tx: Tx, team: { id: string; streamId: string }, into: Effects): Promise<void> {
  for (const userId of await tx.teams.memberIds(team.id)) {
    const user = await tx.users.get(userId);
    if (user) await collectTeamRole(tx, user, team.streamId, into);
  }
}

/** The user's account as it now is (their org role), for their sockets. */
export function collectOrgRole(user: UserRecord, into: Effects): void {
  into.roleChanges.push({ userId: user.id, user: toPublicUser(user) });
}

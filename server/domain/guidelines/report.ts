/*
 * Who acknowledged which version of a scope's guidelines, for its curators and org admins: counts
 * and names, and the same as CSV. Only the people the guidelines are for are counted (the team's
 * members; the organization's active users), so a departed member's old acknowledgement drops out.
 */
import type { GuidelinesAcknowledgements } from '../../../shared/protocol/index';
import type { Tx } from '../../db/store';
import type { UserRecord } from '../../repositories/users.repository';
import { toCsv } from './csv';
import { requireManager, type GuidelinesScope } from './scope';

/** The people a scope's guidelines are for. */
async function audience(tx: Tx, scope: GuidelinesScope): Promise<UserRecord[]> {
  const users = scope.team
    ? (await Promise.all((await tx.teams.memberIds(scope.team.id)).map((id) => tx.users.get(id)))).filter(
        (u): u is UserRecord => u !== null,
      )
    : await tx.users.listByOrg(scope.orgId);
  const active: UserRecord[] = [];
  for (const u of users) if (!(await tx.deactivations.isDeactivated(u.id))) active.push(u);
  return active.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Counts and names (curators and org admins only). */
export async function acknowledgements(
  tx: Tx,
  user: UserRecord,
  scope: GuidelinesScope,
): Promise<GuidelinesAcknowledgements & { emails: Map<string, string> }> {
  requireManager(scope, user);
  const people = await audience(tx, scope);
  const acks = new Map((await tx.guidelines.latestAcks(scope.scopeId)).map((a) => [a.userId, a]));
  const counts = new Map<number, number>();
  const members = people.map((p) => {
    const ack = acks.get(p.id);
    if (ack) counts.set(ack.version, (counts.get(ack.version) ?? 0) + 1);
    return {
      userId: p.id,
      name: p.name,
      acknowledgedVersion: ack?.version ?? null,
      acknowledgedAt: ack?.acknowledgedAt ?? null,
    };
  });
  return {
    teamId: scope.team?.id ?? null,
    currentVersion: (await tx.guidelines.current(scope.scopeId))?.version ?? null,
    memberCount: people.length,
    byVersion: [...counts].sort(([a], [b]) => b - a).map(([version, count]) => ({ version, count })),
    members,
    emails: new Map(people.map((p) => [p.id, p.email])),
  };
}

/** The acknowledgements as a CSV file: one row per member, the current version's state spelled out. */
export async function acknowledgementsCsv(
  tx: Tx,
  user: UserRecord,
  scope: GuidelinesScope,
): Promise<{ filename: string; csv: string }> {
  const report = await acknowledgements(tx, user, scope);
  const current = report.currentVersion;
  const rows: Array<Array<string | number | null>> = [
    ['name', 'email', 'acknowledged_version', 'acknowledged_at', 'acknowledged_current'],
  ];
  for (const m of report.members) {
    rows.push([
      m.name,
      report.emails.get(m.userId) ?? '',
      m.acknowledgedVersion,
      m.acknowledgedAt === null ? null : new Date(m.acknowledgedAt).toISOString(),
      current !== null && m.acknowledgedVersion === current ? 'yes' : 'no',
    ]);
  }
  const name = scope.team ? scope.team.handle : 'organization';
  return { filename: `guidelines-${name}-v${current ?? 0}.csv`, csv: toCsv(rows) };
}

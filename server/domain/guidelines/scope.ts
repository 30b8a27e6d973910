/*
 * Whose guidelines a request concerns and what the caller may do with them: one place for the rules
 * of docs/governance.md § Guidelines, so every request applies the same ones.
 */
import {
  ProtocolError,
  type GuidelinesState,
  type GuidelinesVersion,
  type TeamRole,
} from '../../../shared/protocol/index';
import type { Tx } from '../../db/store';
import type { GuidelineVersionRecord } from '../../repositories/guidelines.repository';
import type { TeamRecord } from '../../repositories/teams.repository';
import type { UserRecord } from '../../repositories/users.repository';

/** The organization's guidelines (`team` null) or a team's, with the caller's role in that team. */
export interface GuidelinesScope {
  /** The team's id, or the organization's: the key the guidelines are stored under. */
  scopeId: string;
  orgId: string;
  team: TeamRecord | null;
  role: TeamRole | null;
}

/** Resolves a request's `teamId` (absent: the organization); another organization's team is NOT_FOUND. */
export async function resolveScope(tx: Tx, user: UserRecord, teamId: string | undefined): Promise<GuidelinesScope> {
  if (teamId === undefined) return { scopeId: user.orgId, orgId: user.orgId, team: null, role: null };
  const team = await tx.teams.get(teamId);
  if (!team || team.orgId !== user.orgId) throw new ProtocolError('NOT_FOUND', 'no such team', 'teamId');
  return { scopeId: team.id, orgId: team.orgId, team, role: await tx.teams.membershipRole(team.id, user.id) };
}

/** Reading: the org's for everyone in it; a team's for its members and org admins (who may publish it). */
export function requireReader(scope: GuidelinesScope, user: UserRecord): void {
  if (scope.team && scope.role === null && user.orgRole !== 'admin')
    throw new ProtocolError('FORBIDDEN', "only the team's members and org admins may read its guidelines");
}

/** Publishing and seeing acknowledgements: org admins for the org; the team's curators and org admins for a team. */
export function requireManager(scope: GuidelinesScope, user: UserRecord): void {
  if (user.orgRole === 'admin') return;
  if (!scope.team) throw new ProtocolError('FORBIDDEN', "only an org admin may manage the organization's guidelines");
  if (scope.role !== 'curator')
    throw new ProtocolError('FORBIDDEN', "only the team's curators and org admins may manage its guidelines");
}

/** A stored version as the protocol shows it, with its publisher's name. */
export async function versionView(tx: Tx, record: GuidelineVersionRecord): Promise<GuidelinesVersion> {
  const publisher = await tx.users.get(record.publishedBy);
  return {
    teamId: record.teamId,
    version: record.version,
    body: record.body,
    publishedAt: record.publishedAt,
    publishedBy: record.publishedBy,
    publisherName: publisher?.name ?? '',
  };
}

/** A scope's guidelines as everyone sees them. */
export async function guidelinesState(tx: Tx, scope: GuidelinesScope): Promise<GuidelinesState> {
  const current = await tx.guidelines.current(scope.scopeId);
  return {
    teamId: scope.team?.id ?? null,
    current: current ? await versionView(tx, current) : null,
    requireAck: scope.team ? await tx.guidelines.requiresAck(scope.team.id) : false,
  };
}

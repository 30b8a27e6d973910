import type { SharingPolicy, Team, TeamRole } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { stmt } from './statements';

/** A team as the server stores it. */
export interface TeamRecord extends Team {
  orgId: string;
}

const COLUMNS = 'id, org_id AS orgId, name, handle, policy, stream_id AS streamId';

/** Inserts a team (its stream must exist already). */
export function insertTeam(db: Db, team: TeamRecord & { createdAt: number }): void {
  stmt(
    db,
    `INSERT INTO teams (id, org_id, name, handle, policy, stream_id, created_at)
     VALUES (@id, @orgId, @name, @handle, @policy, @streamId, @createdAt)`,
  ).run(team);
}

/** The team with this id, or null. */
export function getTeam(db: Db, id: string): TeamRecord | null {
  return (stmt(db, `SELECT ${COLUMNS} FROM teams WHERE id = ?`).get(id) as TeamRecord | undefined) ?? null;
}

/** The team whose stream this is, or null (the org stream has no team). */
export function getTeamByStream(db: Db, streamId: string): TeamRecord | null {
  return (stmt(db, `SELECT ${COLUMNS} FROM teams WHERE stream_id = ?`).get(streamId) as TeamRecord | undefined) ?? null;
}

/** The team with this handle in the organization, or null. */
export function getTeamByHandle(db: Db, orgId: string, handle: string): TeamRecord | null {
  return (
    (stmt(db, `SELECT ${COLUMNS} FROM teams WHERE org_id = ? AND handle = ?`).get(orgId, handle) as
      TeamRecord | undefined) ?? null
  );
}

/** Every team of an organization, by name. */
export function listOrgTeams(db: Db, orgId: string): TeamRecord[] {
  return stmt(db, `SELECT ${COLUMNS} FROM teams WHERE org_id = ? ORDER BY name, id`).all(orgId) as TeamRecord[];
}

/** The teams a user belongs to, with the user's role in each. */
export function listUserTeams(db: Db, userId: string): Array<TeamRecord & { role: TeamRole }> {
  return stmt(
    db,
    `SELECT t.id, t.org_id AS orgId, t.name, t.handle, t.policy, t.stream_id AS streamId, m.role
       FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ? ORDER BY t.name, t.id`,
  ).all(userId) as Array<TeamRecord & { role: TeamRole }>;
}

/** Sets a team's sharing policy. */
export function setTeamPolicy(db: Db, teamId: string, policy: SharingPolicy): void {
  const result = stmt(db, 'UPDATE teams SET policy = ? WHERE id = ?').run(policy, teamId);
  if (result.changes !== 1) throw new Error(`team ${teamId} not found`);
}

/** A user's role in a team, or null when not a member. */
export function getMembershipRole(db: Db, teamId: string, userId: string): TeamRole | null {
  const row = stmt(db, 'SELECT role FROM memberships WHERE team_id = ? AND user_id = ?').get(teamId, userId) as
    { role: TeamRole } | undefined;
  return row?.role ?? null;
}

/** Adds a member or changes an existing member's role. */
export function upsertMembership(db: Db, teamId: string, userId: string, role: TeamRole, at: number): void {
  stmt(
    db,
    `INSERT INTO memberships (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role`,
  ).run(teamId, userId, role, at);
}

/** Removes a membership; returns whether there was one. */
export function deleteMembership(db: Db, teamId: string, userId: string): boolean {
  return stmt(db, 'DELETE FROM memberships WHERE team_id = ? AND user_id = ?').run(teamId, userId).changes === 1;
}

/** Ids of a team's members, optionally only those with a given role. */
export function listTeamMemberIds(db: Db, teamId: string, role?: TeamRole): string[] {
  const rows = (
    role === undefined
      ? stmt(db, 'SELECT user_id AS id FROM memberships WHERE team_id = ?').all(teamId)
      : stmt(db, 'SELECT user_id AS id FROM memberships WHERE team_id = ? AND role = ?').all(teamId, role)
  ) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** The public shape of a team. */
export function toPublicTeam(team: TeamRecord): Team {
  return { id: team.id, name: team.name, handle: team.handle, policy: team.policy, streamId: team.streamId };
}

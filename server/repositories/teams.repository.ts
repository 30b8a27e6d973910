import type { SharingPolicy, Team, TeamRole } from '../../shared/protocol/index';
import type { Sql } from '../db/sql';

/** A team as the server stores it. */
export interface TeamRecord extends Team {
  orgId: string;
  /** When an org admin archived the team; null while it is open (docs/governance.md#archived-teams). */
  archivedAt: number | null;
}

const COLUMNS = 'id, org_id AS "orgId", name, handle, policy, stream_id AS "streamId", archived_at AS "archivedAt"';

/** Teams and who belongs to them. */
export interface TeamsRepository {
  /** Inserts an open team (its stream must exist already). */
  insert(team: Omit<TeamRecord, 'archivedAt'> & { createdAt: number }): Promise<void>;
  /** The team with this id, or null. */
  get(id: string): Promise<TeamRecord | null>;
  /** The team whose stream this is, or null (the org stream has no team). */
  getByStream(streamId: string): Promise<TeamRecord | null>;
  /** The team with this handle in the organization, or null. */
  getByHandle(orgId: string, handle: string): Promise<TeamRecord | null>;
  /** Every team of an organization, by name. */
  listByOrg(orgId: string): Promise<TeamRecord[]>;
  /** The teams a user belongs to, with the user's role in each, by name. */
  listForUser(userId: string): Promise<Array<TeamRecord & { role: TeamRole }>>;
  /** Sets a team's sharing policy. */
  setPolicy(teamId: string, policy: SharingPolicy): Promise<void>;
  /** Renames a team and its stream (one name, shown in the sidebar and the directory). */
  rename(teamId: string, name: string): Promise<void>;
  /** Archives a team at `at`, or opens it again with null. */
  setArchivedAt(teamId: string, at: number | null): Promise<void>;
  /** When the team whose stream this is was archived; null for an open team and for other streams. */
  archivedAtOfStream(streamId: string): Promise<number | null>;
  /** Every membership of an organization's teams, for the admin console. */
  listMembershipsByOrg(orgId: string): Promise<Array<{ teamId: string; userId: string; role: TeamRole }>>;
  /** A user's role in a team, or null when not a member. */
  membershipRole(teamId: string, userId: string): Promise<TeamRole | null>;
  /** Adds a member (recording the join in the membership history) or changes an existing member's role. */
  upsertMembership(teamId: string, userId: string, role: TeamRole, at: number): Promise<void>;
  /** Removes a membership (recording the leave at `at`); resolves whether there was one. */
  deleteMembership(teamId: string, userId: string, at: number): Promise<boolean>;
  /** Ids of a team's members, optionally only those with a given role. */
  memberIds(teamId: string, role?: TeamRole): Promise<string[]>;
}

/** The teams repository on either engine. */
export class SqlTeamsRepository implements TeamsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(team: Omit<TeamRecord, 'archivedAt'> & { createdAt: number }): Promise<void> {
    await this.sql.run(
      'INSERT INTO teams (id, org_id, name, handle, policy, stream_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [team.id, team.orgId, team.name, team.handle, team.policy, team.streamId, team.createdAt],
    );
  }

  async get(id: string): Promise<TeamRecord | null> {
    return (await this.sql.get<TeamRecord>(`SELECT ${COLUMNS} FROM teams WHERE id = ?`, [id])) ?? null;
  }

  async getByStream(streamId: string): Promise<TeamRecord | null> {
    return (await this.sql.get<TeamRecord>(`SELECT ${COLUMNS} FROM teams WHERE stream_id = ?`, [streamId])) ?? null;
  }

  async getByHandle(orgId: string, handle: string): Promise<TeamRecord | null> {
    const row = await this.sql.get<TeamRecord>(`SELECT ${COLUMNS} FROM teams WHERE org_id = ? AND handle = ?`, [
      orgId,
      handle,
    ]);
    return row ?? null;
  }

  listByOrg(orgId: string): Promise<TeamRecord[]> {
    return this.sql.all<TeamRecord>(`SELECT ${COLUMNS} FROM teams WHERE org_id = ? ORDER BY name, id`, [orgId]);
  }

  listForUser(userId: string): Promise<Array<TeamRecord & { role: TeamRole }>> {
    return this.sql.all(
      `SELECT t.id, t.org_id AS "orgId", t.name, t.handle, t.policy, t.stream_id AS "streamId",
         t.archived_at AS "archivedAt", m.role
         FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ? ORDER BY t.name, t.id`,
      [userId],
    );
  }

  async setPolicy(teamId: string, policy: SharingPolicy): Promise<void> {
    if ((await this.sql.run('UPDATE teams SET policy = ? WHERE id = ?', [policy, teamId])) !== 1)
      throw new Error(`team ${teamId} not found`);
  }

  async rename(teamId: string, name: string): Promise<void> {
    if ((await this.sql.run('UPDATE teams SET name = ? WHERE id = ?', [name, teamId])) !== 1)
      throw new Error(`team ${teamId} not found`);
    await this.sql.run('UPDATE streams SET name = ? WHERE id = (SELECT stream_id FROM teams WHERE id = ?)', [
      name,
      teamId,
    ]);
  }

  async setArchivedAt(teamId: string, at: number | null): Promise<void> {
    if ((await this.sql.run('UPDATE teams SET archived_at = ? WHERE id = ?', [at, teamId])) !== 1)
      throw new Error(`team ${teamId} not found`);
  }

  async archivedAtOfStream(streamId: string): Promise<number | null> {
    const row = await this.sql.get<{ at: number | null }>('SELECT archived_at AS at FROM teams WHERE stream_id = ?', [
      streamId,
    ]);
    return row?.at ?? null;
  }

  listMembershipsByOrg(orgId: string): Promise<Array<{ teamId: string; userId: string; role: TeamRole }>> {
    return this.sql.all(
      `SELECT m.team_id AS "teamId", m.user_id AS "userId", m.role
         FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.org_id = ? ORDER BY m.team_id, m.user_id`,
      [orgId],
    );
  }

  async membershipRole(teamId: string, userId: string): Promise<TeamRole | null> {
    const row = await this.sql.get<{ role: TeamRole }>(
      'SELECT role FROM memberships WHERE team_id = ? AND user_id = ?',
      [teamId, userId],
    );
    return row?.role ?? null;
  }

  /**
   * Adds a member (a join in `membership_history`, dated `at`) or changes an existing member's role
   * (no history: they never left).
   */
  async upsertMembership(teamId: string, userId: string, role: TeamRole, at: number): Promise<void> {
    const added = await this.sql.run(
      `INSERT INTO memberships (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (team_id, user_id) DO NOTHING`,
      [teamId, userId, role, at],
    );
    if (added === 1) await this.recordChange(teamId, userId, 'joined', at);
    else
      await this.sql.run('UPDATE memberships SET role = ? WHERE team_id = ? AND user_id = ?', [role, teamId, userId]);
  }

  /** Removes a member (a leave in `membership_history`, dated `at`); false when they were not one. */
  async deleteMembership(teamId: string, userId: string, at: number): Promise<boolean> {
    const removed = await this.sql.run('DELETE FROM memberships WHERE team_id = ? AND user_id = ?', [teamId, userId]);
    if (removed === 1) await this.recordChange(teamId, userId, 'left', at);
    return removed === 1;
  }

  /** Appends to the membership history (migration 0210): the one record of who was in a team when. */
  private async recordChange(teamId: string, userId: string, change: 'joined' | 'left', at: number): Promise<void> {
    await this.sql.run('INSERT INTO membership_history (team_id, user_id, change, at) VALUES (?, ?, ?, ?)', [
      teamId,
      userId,
      change,
      at,
    ]);
  }

  async memberIds(teamId: string, role?: TeamRole): Promise<string[]> {
    const rows =
      role === undefined
        ? await this.sql.all<{ id: string }>('SELECT user_id AS id FROM memberships WHERE team_id = ?', [teamId])
        : await this.sql.all<{ id: string }>('SELECT user_id AS id FROM memberships WHERE team_id = ? AND role = ?', [
            teamId,
            role,
          ]);
    return rows.map((r) => r.id);
  }
}

/** The public shape of a team. */
export function toPublicTeam(team: TeamRecord): Team {
  return { id: team.id, name: team.name, handle: team.handle, policy: team.policy, streamId: team.streamId };
}

import type { Sql } from '../db/sql';

/** One stored version of guidelines (`scopeId`: the team's id, or the organization's for its own). */
export interface GuidelineVersionRecord {
  scopeId: string;
  orgId: string;
  teamId: string | null;
  version: number;
  body: string;
  publishedBy: string;
  publishedAt: number;
}

/** A user's latest acknowledgement in one scope. */
export interface GuidelineAckRecord {
  userId: string;
  version: number;
  acknowledgedAt: number;
}

const VERSION_COLUMNS = `scope_id AS "scopeId", org_id AS "orgId", team_id AS "teamId", version, body,
  published_by AS "publishedBy", published_at AS "publishedAt"`;

/** Versioned guidelines of organizations and teams, a team's requirement setting, acknowledgements. */
export interface GuidelinesRepository {
  /** The newest version of a scope, or null before its first publish. */
  current(scopeId: string): Promise<GuidelineVersionRecord | null>;
  /** One version of a scope, or null. */
  version(scopeId: string, version: number): Promise<GuidelineVersionRecord | null>;
  /** Stores a new version; the caller numbers it current + 1 (the primary key refuses a duplicate). */
  insertVersion(record: GuidelineVersionRecord): Promise<void>;
  /** Whether posting in the team's stream requires acknowledging its current version. */
  requiresAck(teamId: string): Promise<boolean>;
  /** Sets the team's requirement. */
  setRequiresAck(teamId: string, required: boolean, at: number): Promise<void>;
  /** Records an acknowledgement; false when the user had acknowledged this version already. */
  acknowledge(scopeId: string, userId: string, version: number, at: number): Promise<boolean>;
  /** The latest version the user acknowledged in a scope, or null. */
  acknowledgedVersion(scopeId: string, userId: string): Promise<number | null>;
  /** Every user's latest acknowledgement in a scope (one row per user who acknowledged anything). */
  latestAcks(scopeId: string): Promise<GuidelineAckRecord[]>;
}

/** The guidelines repository on either engine. */
export class SqlGuidelinesRepository implements GuidelinesRepository {
  constructor(private readonly sql: Sql) {}

  async current(scopeId: string): Promise<GuidelineVersionRecord | null> {
    const row = await this.sql.get<GuidelineVersionRecord>(
      `SELECT ${VERSION_COLUMNS} FROM guideline_versions WHERE scope_id = ? ORDER BY version DESC LIMIT 1`,
      [scopeId],
    );
    return row ?? null;
  }

  async version(scopeId: string, version: number): Promise<GuidelineVersionRecord | null> {
    const row = await this.sql.get<GuidelineVersionRecord>(
      `SELECT ${VERSION_COLUMNS} FROM guideline_versions WHERE scope_id = ? AND version = ?`,
      [scopeId, version],
    );
    return row ?? null;
  }

  async insertVersion(r: GuidelineVersionRecord): Promise<void> {
    await this.sql.run(
      `INSERT INTO guideline_versions (scope_id, org_id, team_id, version, body, published_by, published_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [r.scopeId, r.orgId, r.teamId, r.version, r.body, r.publishedBy, r.publishedAt],
    );
  }

  async requiresAck(teamId: string): Promise<boolean> {
    const row = await this.sql.get<{ requireAck: number }>(
      'SELECT require_ack AS "requireAck" FROM guideline_settings WHERE team_id = ?',
      [teamId],
    );
    return row?.requireAck === 1;
  }

  async setRequiresAck(teamId: string, required: boolean, at: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO guideline_settings (team_id, require_ack, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (team_id) DO UPDATE SET require_ack = excluded.require_ack, updated_at = excluded.updated_at`,
      [teamId, required ? 1 : 0, at],
    );
  }

  async acknowledge(scopeId: string, userId: string, version: number, at: number): Promise<boolean> {
    const inserted = await this.sql.run(
      `INSERT INTO guideline_acks (scope_id, user_id, version, acknowledged_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (scope_id, user_id, version) DO NOTHING`,
      [scopeId, userId, version, at],
    );
    return inserted === 1;
  }

  async acknowledgedVersion(scopeId: string, userId: string): Promise<number | null> {
    const row = await this.sql.get<{ version: number | null }>(
      'SELECT MAX(version) AS version FROM guideline_acks WHERE scope_id = ? AND user_id = ?',
      [scopeId, userId],
    );
    return row?.version ?? null;
  }

  latestAcks(scopeId: string): Promise<GuidelineAckRecord[]> {
    return this.sql.all<GuidelineAckRecord>(
      `SELECT a.user_id AS "userId", a.version, a.acknowledged_at AS "acknowledgedAt" FROM guideline_acks a
        WHERE a.scope_id = ? AND a.version = (
          SELECT MAX(b.version) FROM guideline_acks b WHERE b.scope_id = a.scope_id AND b.user_id = a.user_id)`,
      [scopeId],
    );
  }
}

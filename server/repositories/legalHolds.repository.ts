import type { Sql } from '../db/sql';

/** A legal hold on a user's messages or a team's stream; `releasedAt` null while it holds. */
export interface LegalHold {
  id: number;
  orgId: string;
  userId: string | null;
  teamId: string | null;
  reason: string;
  createdBy: string | null;
  createdAt: number;
  releasedBy: string | null;
  releasedAt: number | null;
}

const COLUMNS = `id, org_id AS "orgId", user_id AS "userId", team_id AS "teamId", reason, created_by AS "createdBy",
  created_at AS "createdAt", released_by AS "releasedBy", released_at AS "releasedAt"`;

/** Legal holds: placed and released by compliance staff through the admin CLI, never deleted. */
export interface LegalHoldsRepository {
  /** Places a hold; resolves with it. */
  place(hold: {
    orgId: string;
    userId: string | null;
    teamId: string | null;
    reason: string;
    by: string | null;
    at: number;
  }): Promise<LegalHold>;
  /** Releases a hold that still holds; resolves with it, or null when there is no such active hold. */
  release(id: number, by: string | null, at: number): Promise<LegalHold | null>;
  /** The hold with this id, or null. */
  get(id: number): Promise<LegalHold | null>;
  /** An organization's holds, newest first; with `activeOnly` only those still holding. */
  list(orgId: string, activeOnly: boolean): Promise<LegalHold[]>;
  /** Whether an active hold covers the message: on its author, or on the team whose stream holds it. */
  coversMessage(messageId: string): Promise<boolean>;
}

/** The legal holds repository on either engine. */
export class SqlLegalHoldsRepository implements LegalHoldsRepository {
  constructor(private readonly sql: Sql) {}

  async place(hold: {
    orgId: string;
    userId: string | null;
    teamId: string | null;
    reason: string;
    by: string | null;
    at: number;
  }): Promise<LegalHold> {
    const row = await this.sql.get<LegalHold>(
      `INSERT INTO legal_holds (org_id, user_id, team_id, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
       RETURNING ${COLUMNS}`,
      [hold.orgId, hold.userId, hold.teamId, hold.reason, hold.by, hold.at],
    );
    if (!row) throw new Error('legal hold not stored');
    return row;
  }

  async release(id: number, by: string | null, at: number): Promise<LegalHold | null> {
    const row = await this.sql.get<LegalHold>(
      `UPDATE legal_holds SET released_by = ?, released_at = ? WHERE id = ? AND released_at IS NULL RETURNING ${COLUMNS}`,
      [by, at, id],
    );
    return row ?? null;
  }

  async get(id: number): Promise<LegalHold | null> {
    const row = await this.sql.get<LegalHold>(`SELECT ${COLUMNS} FROM legal_holds WHERE id = ?`, [id]);
    return row ?? null;
  }

  list(orgId: string, activeOnly: boolean): Promise<LegalHold[]> {
    return this.sql.all<LegalHold>(
      `SELECT ${COLUMNS} FROM legal_holds WHERE org_id = ?${activeOnly ? ' AND released_at IS NULL' : ''} ORDER BY id DESC`,
      [orgId],
    );
  }

  async coversMessage(messageId: string): Promise<boolean> {
    const row = await this.sql.get<{ held: number }>(
      `SELECT 1 AS held FROM messages m
       WHERE m.id = ? AND (
         EXISTS (SELECT 1 FROM legal_holds h WHERE h.user_id = m.author_id AND h.released_at IS NULL)
         OR EXISTS (SELECT 1 FROM legal_holds h JOIN teams t ON t.id = h.team_id
                    WHERE t.stream_id = m.stream_id AND h.released_at IS NULL))`,
      [messageId],
    );
    return row !== undefined;
  }
}

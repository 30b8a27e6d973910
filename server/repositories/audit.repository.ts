import type { Sql, SqlValue } from '../db/sql';

/** One trust-relevant event. `detail` never holds secrets or message bodies. */
export interface AuditRecord {
  id: number;
  at: number;
  orgId: string | null;
  actorId: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

const COLUMNS = 'id, at, org_id AS "orgId", actor_id AS "actorId", action, target, detail';

type AuditRow = Omit<AuditRecord, 'detail'> & { detail: string };

const toRecord = (row: AuditRow): AuditRecord => ({
  ...row,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
});

/** The append-only audit trail. */
export interface AuditRepository {
  /** Appends an audit record. */
  insert(record: Omit<AuditRecord, 'id'>): Promise<void>;
  /** Audit records, newest first (default 100), optionally for one organization and/or one action. */
  list(filter?: { orgId?: string; action?: string; limit?: number }): Promise<AuditRecord[]>;
  /** The id of the newest record (0 when there is none): where a follower of the trail starts. */
  latestId(): Promise<number>;
  /** Records with one of these actions after the given id, oldest first: what a follower of the trail reads next. */
  listAfter(id: number, actions: readonly string[]): Promise<AuditRecord[]>;
}

/** The audit repository on either engine. */
export class SqlAuditRepository implements AuditRepository {
  constructor(private readonly sql: Sql) {}

  async insert(record: Omit<AuditRecord, 'id'>): Promise<void> {
    await this.sql.run('INSERT INTO audit (at, org_id, actor_id, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)', [
      record.at,
      record.orgId,
      record.actorId,
      record.action,
      record.target,
      JSON.stringify(record.detail),
    ]);
  }

  async list(filter: { orgId?: string; action?: string; limit?: number } = {}): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.orgId !== undefined) {
      where.push('org_id = ?');
      params.push(filter.orgId);
    }
    if (filter.action !== undefined) {
      where.push('action = ?');
      params.push(filter.action);
    }
    const rows = await this.sql.all<AuditRow>(
      `SELECT ${COLUMNS} FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      [...params, filter.limit ?? 100],
    );
    return rows.map(toRecord);
  }

  async latestId(): Promise<number> {
    return (await this.sql.get<{ id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM audit'))?.id ?? 0;
  }

  async listAfter(id: number, actions: readonly string[]): Promise<AuditRecord[]> {
    const { dialect } = this.sql;
    const rows = await this.sql.all<AuditRow>(
      `SELECT ${COLUMNS} FROM audit WHERE id > ? AND ${dialect.inList('action')} ORDER BY id`,
      [id, dialect.listParam(actions)],
    );
    return rows.map(toRecord);
  }
}

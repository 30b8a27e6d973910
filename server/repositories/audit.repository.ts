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
  /**
   * One organization's records newest first (by time, then id), filtered, strictly before the
   * position `before` when given: the audit viewer's pages. Reads at most `limit` rows.
   */
  page(filter: AuditPageFilter, before: AuditPosition | null, limit: number): Promise<AuditPageRecord[]>;
}

/** A record as the viewer shows it: with its actor's and its team's names (null when gone or none). */
export interface AuditPageRecord extends AuditRecord {
  actorName: string | null;
  actorEmail: string | null;
  teamId: string | null;
  teamName: string | null;
}

/** Where a page of the audit viewer ends: the last record's time and id. */
export interface AuditPosition {
  at: number;
  id: number;
}

/** The audit viewer's filters; every one optional but the organization. */
export interface AuditPageFilter {
  orgId: string;
  actorId?: string | undefined;
  action?: string | undefined;
  teamId?: string | undefined;
  target?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

/** The audit repository on either engine. */
export class SqlAuditRepository implements AuditRepository {
  constructor(private readonly sql: Sql) {}

  async insert(record: Omit<AuditRecord, 'id'>): Promise<void> {
    // the team a record concerns is also a column, so the viewer filters by it through an index
    const teamId = typeof record.detail.teamId === 'string' ? record.detail.teamId : null;
    await this.sql.run(
      'INSERT INTO audit (at, org_id, actor_id, action, target, detail, team_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [record.at, record.orgId, record.actorId, record.action, record.target, JSON.stringify(record.detail), teamId],
    );
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

  async page(filter: AuditPageFilter, before: AuditPosition | null, limit: number): Promise<AuditPageRecord[]> {
    const where = ['org_id = ?'];
    const params: SqlValue[] = [filter.orgId];
    const equal: Array<[column: string, value: string | undefined]> = [
      ['actor_id', filter.actorId],
      ['action', filter.action],
      ['team_id', filter.teamId],
      ['target', filter.target],
    ];
    for (const [column, value] of equal)
      if (value !== undefined) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    if (filter.from !== undefined) {
      where.push('at >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('at < ?');
      params.push(filter.to);
    }
    if (before !== null) {
      // (at, id) < (before.at, before.id): `at <= ?` bounds the index range on both engines (an OR
      // alone made them walk the index from the newest record), the rest drops the boundary's ties
      where.push('at <= ? AND (at < ? OR id < ?)');
      params.push(before.at, before.at, before.id);
    }
    // one statement: the page, then its actors' and teams' names (at most `limit` lookups by key)
    const rows = await this.sql.all<AuditRow & Omit<AuditPageRecord, keyof AuditRecord>>(
      `SELECT page.*, u.name AS "actorName", u.email AS "actorEmail", t.name AS "teamName"
         FROM (SELECT ${COLUMNS}, team_id AS "teamId" FROM audit WHERE ${where.join(' AND ')}
                ORDER BY at DESC, id DESC LIMIT ?) AS page
         LEFT JOIN users u ON u.id = page."actorId"
         LEFT JOIN teams t ON t.id = page."teamId"
        ORDER BY page.at DESC, page.id DESC`,
      [...params, limit],
    );
    return rows.map((row) => ({ ...row, ...toRecord(row) }));
  }
}

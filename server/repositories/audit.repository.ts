import type { Db } from '../db/database';
import { stmt } from './statements';

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

/** Appends an audit record. */
export function insertAudit(db: Db, record: Omit<AuditRecord, 'id'>): void {
  stmt(db, 'INSERT INTO audit (at, org_id, actor_id, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
    record.at,
    record.orgId,
    record.actorId,
    record.action,
    record.target,
    JSON.stringify(record.detail),
  );
}

/** Audit records, newest first, optionally for one organization and/or one action. */
export function listAudit(db: Db, filter: { orgId?: string; action?: string; limit?: number } = {}): AuditRecord[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.orgId !== undefined) {
    where.push('org_id = ?');
    args.push(filter.orgId);
  }
  if (filter.action !== undefined) {
    where.push('action = ?');
    args.push(filter.action);
  }
  const sql = `SELECT id, at, org_id AS orgId, actor_id AS actorId, action, target, detail FROM audit
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  const rows = stmt(db, sql).all(...args, filter.limit ?? 100) as Array<
    Omit<AuditRecord, 'detail'> & { detail: string }
  >;
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

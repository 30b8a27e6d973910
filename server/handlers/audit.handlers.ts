import { ProtocolError, type AuditEntry } from '../../shared/protocol/index';
import type { AuditPosition } from '../repositories/audit.repository';
import type { Handler } from './context';

/** A page's end as the opaque cursor handed to the client (benchmarks build one to start deep in the trail). */
export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(`${position.at}.${position.id}`).toString('base64url');
}

/** Reads a cursor this server handed out; INVALID (naming the field) for anything else. */
function decodePosition(cursor: string): AuditPosition {
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ProtocolError('INVALID', 'not a cursor from an earlier page', 'cursor');
  return { at: Number(match[1]), id: Number(match[2]) };
}

/**
 * `audit:list`: the organization's audit trail for org admins and compliance, newest first, filtered
 * by actor, action, team, target (e.g. one promotion's whole chain) and time. Records of other
 * organizations are never read: the organization is part of every query.
 */
export const auditList: Handler<'audit:list'> = async (ctx, { cursor, limit, ...filters }) => {
  const { tx, user } = ctx;
  if (user.orgRole !== 'admin' && user.orgRole !== 'compliance')
    throw new ProtocolError('FORBIDDEN', 'only org admins and compliance may read the audit trail');
  const before = cursor === undefined ? null : decodePosition(cursor);
  const rows = await tx.audit.page({ orgId: user.orgId, ...filters }, before, limit + 1);
  const page = rows.slice(0, limit);
  const entries = page.map((row): AuditEntry => ({
    id: row.id,
    at: row.at,
    action: row.action,
    actor:
      row.actorId !== null && row.actorName !== null && row.actorEmail !== null
        ? { id: row.actorId, name: row.actorName, email: row.actorEmail }
        : null,
    target: row.target,
    teamId: row.teamId,
    teamName: row.teamName,
    detail: row.detail,
  }));
  const last = page[page.length - 1];
  return { entries, nextCursor: rows.length > limit && last ? encodeAuditCursor({ at: last.at, id: last.id }) : null };
};

// The fake server's audit trail for renderer tests: `audit:list` filtered and paged as the real
// server does (newest first; the cursor here is simply the offset of the next page).
import type { AuditEntry } from '../../shared/protocol';
import type { IpcRequest } from '../../shared/ipc';

export function listAudit(
  trail: readonly AuditEntry[],
  r: IpcRequest<'audit:list'>,
): { entries: AuditEntry[]; nextCursor: string | null } {
  const matching = [...trail]
    .sort((a, b) => b.at - a.at || b.id - a.id)
    .filter(
      (e) =>
        (r.action === undefined || e.action === r.action) &&
        (r.actorId === undefined || e.actor?.id === r.actorId) &&
        (r.teamId === undefined || e.teamId === r.teamId) &&
        (r.target === undefined || e.target === r.target) &&
        (r.from === undefined || e.at >= r.from) &&
        (r.to === undefined || e.at < r.to),
    );
  const start = r.cursor === undefined ? 0 : Number(r.cursor);
  const limit = r.limit ?? 50;
  const end = start + limit;
  return { entries: matching.slice(start, end), nextCursor: end < matching.length ? String(end) : null };
}

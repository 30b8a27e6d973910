import { guidelinesSchema, type Guidelines, type GuidelinesState } from '../../../shared/protocol/guidelines';
import type { Db } from './database';
import { stmt } from './statements';

/** The key of a scope's row: a team's id, or 'org' for the organization's guidelines. */
const scopeKey = (teamId: string | null): string => teamId ?? 'org';

/** One cached scope, or null when the cache never heard of it. */
export function getCachedGuidelines(db: Db, teamId: string | null): Guidelines | null {
  const row = stmt(db, 'SELECT value FROM guidelines WHERE scope = ?').get(scopeKey(teamId)) as
    { value: string } | undefined;
  const parsed = row ? guidelinesSchema.safeParse(JSON.parse(row.value)) : null;
  return parsed?.success ? parsed.data : null;
}

/** Every cached scope, the organization's first. */
export function listCachedGuidelines(db: Db): Guidelines[] {
  const rows = stmt(db, "SELECT value FROM guidelines ORDER BY scope = 'org' DESC, scope").all() as Array<{
    value: string;
  }>;
  return rows.flatMap((r) => {
    const parsed = guidelinesSchema.safeParse(JSON.parse(r.value));
    return parsed.success ? [parsed.data] : [];
  });
}

/** Stores one scope as the server answered it; true when that changed the cache. */
export function storeGuidelines(db: Db, g: Guidelines): boolean {
  const value = JSON.stringify(g);
  const key = scopeKey(g.teamId);
  const row = stmt(db, 'SELECT value FROM guidelines WHERE scope = ?').get(key) as { value: string } | undefined;
  if (row?.value === value) return false;
  stmt(
    db,
    'INSERT INTO guidelines (scope, value) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET value = excluded.value',
  ).run(key, value);
  return true;
}

/** Replaces every scope with the server's list (teams I left drop out), in one transaction. */
export function replaceGuidelines(db: Db, list: Guidelines[]): void {
  db.transaction(() => {
    stmt(db, 'DELETE FROM guidelines').run();
    for (const g of list) storeGuidelines(db, g);
  })();
}

/** Applies a `guidelines:changed` push, keeping what I acknowledged; true when it changed the cache. */
export function applyGuidelinesState(db: Db, state: GuidelinesState): boolean {
  const known = getCachedGuidelines(db, state.teamId);
  return storeGuidelines(db, { ...state, acknowledgedVersion: known?.acknowledgedVersion ?? null });
}

/** Records my acknowledgement of a version (from another of my devices); true when it changed the cache. */
export function applyMyAcknowledgement(db: Db, teamId: string | null, version: number): boolean {
  const known = getCachedGuidelines(db, teamId);
  if (!known || (known.acknowledgedVersion ?? 0) >= version) return false;
  return storeGuidelines(db, { ...known, acknowledgedVersion: version });
}

/** The team and name of a cached team stream (null for the org stream or an unknown one): one row read per send. */
export function streamTeam(db: Db, streamId: string): { teamId: string; name: string } | null {
  const row = stmt(db, "SELECT team_id AS teamId, name FROM streams WHERE id = ? AND kind = 'team'").get(streamId) as
    { teamId: string | null; name: string } | undefined;
  return row?.teamId ? { teamId: row.teamId, name: row.name } : null;
}

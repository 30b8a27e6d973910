import type { Organization } from '../../shared/protocol/index';
import type { UrlPolicy } from '../../shared/domain/urlPolicy';
import type { Db } from '../db/database';
import { stmt } from './statements';

interface OrgRow {
  id: string;
  name: string;
  url_allow: string;
  url_deny: string;
}

/** Inserts an organization. */
export function insertOrg(db: Db, org: { id: string; name: string; createdAt: number }): void {
  stmt(db, 'INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)').run(org.id, org.name, org.createdAt);
}

/** The organization with this id, or null. */
export function getOrg(db: Db, id: string): Organization | null {
  const row = stmt(db, 'SELECT id, name FROM orgs WHERE id = ?').get(id) as Organization | undefined;
  return row ?? null;
}

/** The organization with this exact name, or null. */
export function getOrgByName(db: Db, name: string): Organization | null {
  const row = stmt(db, 'SELECT id, name FROM orgs WHERE name = ?').get(name) as Organization | undefined;
  return row ?? null;
}

/** Every organization, oldest first. */
export function listOrgs(db: Db): Organization[] {
  return stmt(db, 'SELECT id, name FROM orgs ORDER BY created_at, id').all() as Organization[];
}

/** The organization's URL allow/deny lists. */
export function getUrlPolicy(db: Db, orgId: string): UrlPolicy {
  const row = stmt(db, 'SELECT url_allow, url_deny FROM orgs WHERE id = ?').get(orgId) as OrgRow | undefined;
  if (!row) return { allow: [], deny: [] };
  return { allow: JSON.parse(row.url_allow) as string[], deny: JSON.parse(row.url_deny) as string[] };
}

/** Replaces the organization's URL allow/deny lists. */
export function setUrlPolicy(db: Db, orgId: string, policy: UrlPolicy): void {
  const result = stmt(db, 'UPDATE orgs SET url_allow = ?, url_deny = ? WHERE id = ?').run(
    JSON.stringify(policy.allow),
    JSON.stringify(policy.deny),
    orgId,
  );
  if (result.changes !== 1) throw new Error(`organization ${orgId} not found`);
}

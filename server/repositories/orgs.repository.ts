import type { Organization } from '../../shared/protocol/index';
import type { UrlPolicy } from '../../shared/domain/urlPolicy';
import type { Sql } from '../db/sql';

/** Organizations and their link policy. */
export interface OrgsRepository {
  /** Inserts an organization. */
  insert(org: { id: string; name: string; createdAt: number }): Promise<void>;
  /** The organization with this id, or null. */
  get(id: string): Promise<Organization | null>;
  /** The organization with this exact name, or null. */
  getByName(name: string): Promise<Organization | null>;
  /** Every organization, oldest first. */
  list(): Promise<Organization[]>;
  /** The organization's URL allow/deny lists (empty lists for an unknown organization). */
  getUrlPolicy(orgId: string): Promise<UrlPolicy>;
  /** Replaces the organization's URL allow/deny lists. */
  setUrlPolicy(orgId: string, policy: UrlPolicy): Promise<void>;
}

/** The organizations repository on either engine. */
export class SqlOrgsRepository implements OrgsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(org: { id: string; name: string; createdAt: number }): Promise<void> {
    await this.sql.run('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)', [org.id, org.name, org.createdAt]);
  }

  async get(id: string): Promise<Organization | null> {
    return (await this.sql.get<Organization>('SELECT id, name FROM orgs WHERE id = ?', [id])) ?? null;
  }

  async getByName(name: string): Promise<Organization | null> {
    return (await this.sql.get<Organization>('SELECT id, name FROM orgs WHERE name = ?', [name])) ?? null;
  }

  list(): Promise<Organization[]> {
    return this.sql.all<Organization>('SELECT id, name FROM orgs ORDER BY created_at, id');
  }

  async getUrlPolicy(orgId: string): Promise<UrlPolicy> {
    const row = await this.sql.get<{ allow: string; deny: string }>(
      'SELECT url_allow AS "allow", url_deny AS "deny" FROM orgs WHERE id = ?',
      [orgId],
    );
    if (!row) return { allow: [], deny: [] };
    return { allow: JSON.parse(row.allow) as string[], deny: JSON.parse(row.deny) as string[] };
  }

  async setUrlPolicy(orgId: string, policy: UrlPolicy): Promise<void> {
    const changed = await this.sql.run('UPDATE orgs SET url_allow = ?, url_deny = ? WHERE id = ?', [
      JSON.stringify(policy.allow),
      JSON.stringify(policy.deny),
      orgId,
    ]);
    if (changed !== 1) throw new Error(`organization ${orgId} not found`);
  }
}

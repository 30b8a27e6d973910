import type { Sql } from '../db/sql';

/** Accounts the organization deactivated: login and the socket handshake answer DEACTIVATED. */
export interface DeactivationsRepository {
  /** Marks a user deactivated (once; a second call keeps the first time); resolves whether it was new. */
  deactivate(userId: string, at: number): Promise<boolean>;
  /** Whether the organization deactivated this user. */
  isDeactivated(userId: string): Promise<boolean>;
  /** The ids of an organization's deactivated users, for the admin console. */
  listByOrg(orgId: string): Promise<string[]>;
}

/** The deactivations repository on either engine. */
export class SqlDeactivationsRepository implements DeactivationsRepository {
  constructor(private readonly sql: Sql) {}

  async deactivate(userId: string, at: number): Promise<boolean> {
    const changes = await this.sql.run(
      'INSERT INTO deactivated_users (user_id, deactivated_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING',
      [userId, at],
    );
    return changes === 1;
  }

  async listByOrg(orgId: string): Promise<string[]> {
    const rows = await this.sql.all<{ id: string }>(
      'SELECT d.user_id AS id FROM deactivated_users d JOIN users u ON u.id = d.user_id WHERE u.org_id = ?',
      [orgId],
    );
    return rows.map((r) => r.id);
  }

  async isDeactivated(userId: string): Promise<boolean> {
    const row = await this.sql.get<{ one: number }>('SELECT 1 AS one FROM deactivated_users WHERE user_id = ?', [
      userId,
    ]);
    return row !== undefined;
  }
}

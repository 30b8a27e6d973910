import type { OrgRole, User } from '../../shared/protocol/index';
import type { Sql } from '../db/sql';

/** A user row as the server sees it: the public shape plus what only the server may know. */
export interface UserRecord extends User {
  orgId: string;
  passwordHash: string;
}

/** The columns of a UserRecord, for queries that join users (tokens). */
export const USER_COLUMNS = `id, org_id AS "orgId", email, name, handle, org_role AS "orgRole", password_hash AS "passwordHash"`;

/** People and their credentials. */
export interface UsersRepository {
  /** Inserts a user. */
  insert(user: UserRecord & { createdAt: number }): Promise<void>;
  /** The user with this id, or null. */
  get(id: string): Promise<UserRecord | null>;
  /** The user with this email (compared lower-cased), or null. */
  getByEmail(email: string): Promise<UserRecord | null>;
  /** Users of an organization with any of these handles. */
  getByHandles(orgId: string, handles: readonly string[]): Promise<UserRecord[]>;
  /** Every user of an organization, by name. */
  listByOrg(orgId: string): Promise<UserRecord[]>;
  /** Whether a handle is taken by a user of the organization. */
  handleTaken(orgId: string, handle: string): Promise<boolean>;
  /** Changes a user's organization role. */
  setOrgRole(userId: string, role: OrgRole): Promise<void>;
  /** Replaces a user's password hash. */
  setPasswordHash(userId: string, hash: string): Promise<void>;
}

/** The users repository on either engine. */
export class SqlUsersRepository implements UsersRepository {
  constructor(private readonly sql: Sql) {}

  async insert(user: UserRecord & { createdAt: number }): Promise<void> {
    await this.sql.run(
      `INSERT INTO users (id, org_id, email, name, handle, org_role, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [user.id, user.orgId, user.email, user.name, user.handle, user.orgRole, user.passwordHash, user.createdAt],
    );
  }

  async get(id: string): Promise<UserRecord | null> {
    return (await this.sql.get<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id])) ?? null;
  }

  async getByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.sql.get<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`, [
      email.toLowerCase(),
    ]);
    return row ?? null;
  }

  async getByHandles(orgId: string, handles: readonly string[]): Promise<UserRecord[]> {
    if (handles.length === 0) return [];
    const { dialect } = this.sql;
    // One statement text whatever the number of handles, so prepared statements stay bounded.
    return this.sql.all<UserRecord>(
      `SELECT ${USER_COLUMNS} FROM users WHERE org_id = ? AND ${dialect.inList('handle')}`,
      [orgId, dialect.listParam(handles)],
    );
  }

  listByOrg(orgId: string): Promise<UserRecord[]> {
    return this.sql.all<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE org_id = ? ORDER BY name, id`, [orgId]);
  }

  async handleTaken(orgId: string, handle: string): Promise<boolean> {
    return (
      (await this.sql.get('SELECT 1 AS "taken" FROM users WHERE org_id = ? AND handle = ?', [orgId, handle])) !==
      undefined
    );
  }

  async setOrgRole(userId: string, role: OrgRole): Promise<void> {
    if ((await this.sql.run('UPDATE users SET org_role = ? WHERE id = ?', [role, userId])) !== 1)
      throw new Error(`user ${userId} not found`);
  }

  async setPasswordHash(userId: string, hash: string): Promise<void> {
    if ((await this.sql.run('UPDATE users SET password_hash = ? WHERE id = ?', [hash, userId])) !== 1)
      throw new Error(`user ${userId} not found`);
  }
}

/** The public shape of a user record (no org id, no hash). */
export function toPublicUser(user: UserRecord): User {
  return { id: user.id, email: user.email, name: user.name, handle: user.handle, orgRole: user.orgRole };
}

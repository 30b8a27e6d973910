import type { OrgRole, User } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { stmt } from './statements';

/** A user row as the server sees it: the public shape plus what only the server may know. */
export interface UserRecord extends User {
  orgId: string;
  passwordHash: string;
}

const COLUMNS = `id, org_id AS orgId, email, name, handle, org_role AS orgRole, password_hash AS passwordHash`;

/** Inserts a user. */
export function insertUser(db: Db, user: UserRecord & { createdAt: number }): void {
  stmt(
    db,
    `INSERT INTO users (id, org_id, email, name, handle, org_role, password_hash, created_at)
     VALUES (@id, @orgId, @email, @name, @handle, @orgRole, @passwordHash, @createdAt)`,
  ).run(user);
}

/** The user with this id, or null. */
export function getUser(db: Db, id: string): UserRecord | null {
  return (stmt(db, `SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRecord | undefined) ?? null;
}

/** The user with this (lower-cased) email, or null. */
export function getUserByEmail(db: Db, email: string): UserRecord | null {
  return (
    (stmt(db, `SELECT ${COLUMNS} FROM users WHERE email = ?`).get(email.toLowerCase()) as UserRecord | undefined) ??
    null
  );
}

/** Users of an organization with any of these handles. */
export function getUsersByHandles(db: Db, orgId: string, handles: string[]): UserRecord[] {
  if (handles.length === 0) return [];
  // One statement text whatever the number of handles, so the statement cache stays bounded.
  return stmt(db, `SELECT ${COLUMNS} FROM users WHERE org_id = ? AND handle IN (SELECT value FROM json_each(?))`).all(
    orgId,
    JSON.stringify(handles),
  ) as UserRecord[];
}

/** Every user of an organization, by name. */
export function listOrgUsers(db: Db, orgId: string): UserRecord[] {
  return stmt(db, `SELECT ${COLUMNS} FROM users WHERE org_id = ? ORDER BY name, id`).all(orgId) as UserRecord[];
}

/** Whether a handle is taken in the organization. */
export function handleTaken(db: Db, orgId: string, handle: string): boolean {
  return stmt(db, 'SELECT 1 FROM users WHERE org_id = ? AND handle = ?').get(orgId, handle) !== undefined;
}

/** Changes a user's organization role. */
export function setOrgRole(db: Db, userId: string, role: OrgRole): void {
  const result = stmt(db, 'UPDATE users SET org_role = ? WHERE id = ?').run(role, userId);
  if (result.changes !== 1) throw new Error(`user ${userId} not found`);
}

/** Replaces a user's password hash. */
export function setPasswordHash(db: Db, userId: string, hash: string): void {
  const result = stmt(db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(hash, userId);
  if (result.changes !== 1) throw new Error(`user ${userId} not found`);
}

/** The public shape of a user record (no org id, no hash). */
export function toPublicUser(user: UserRecord): User {
  return { id: user.id, email: user.email, name: user.name, handle: user.handle, orgRole: user.orgRole };
}

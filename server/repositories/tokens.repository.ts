import type { Db } from '../db/database';
import { stmt } from './statements';
import type { UserRecord } from './users.repository';

/** A session token's stored state; the secret itself is never stored, only its SHA-256. */
export interface TokenRecord {
  id: string;
  userId: string;
  expiresAt: number;
  revokedAt: number | null;
}

const COLUMNS = 'id, user_id AS userId, expires_at AS expiresAt, revoked_at AS revokedAt';

/** Stores a new token by its hash. */
export function insertToken(
  db: Db,
  token: { id: string; userId: string; tokenHash: string; createdAt: number; expiresAt: number },
): void {
  stmt(
    db,
    'INSERT INTO tokens (id, user_id, token_hash, created_at, expires_at) VALUES (@id, @userId, @tokenHash, @createdAt, @expiresAt)',
  ).run(token);
}

/** The token with this hash, or null. */
export function getTokenByHash(db: Db, tokenHash: string): TokenRecord | null {
  return (
    (stmt(db, `SELECT ${COLUMNS} FROM tokens WHERE token_hash = ?`).get(tokenHash) as TokenRecord | undefined) ?? null
  );
}

/** The token with this id, or null. */
export function getToken(db: Db, id: string): TokenRecord | null {
  return (stmt(db, `SELECT ${COLUMNS} FROM tokens WHERE id = ?`).get(id) as TokenRecord | undefined) ?? null;
}

/** Revokes one token; returns whether it was live. */
export function revokeToken(db: Db, id: string, at: number): boolean {
  return stmt(db, 'UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
}

/** Revokes every live token of a user; returns the revoked ids. */
export function revokeUserTokens(db: Db, userId: string, at: number): string[] {
  const rows = stmt(db, 'UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id').all(
    at,
    userId,
  ) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/**
 * The token with this id and its user (null when the user row is gone), or null: what every socket
 * request checks first, in one query instead of two.
 */
export function getTokenWithUser(db: Db, id: string): { token: TokenRecord; user: UserRecord | null } | null {
  const row = stmt(
    db,
    `SELECT t.id, t.user_id AS userId, t.expires_at AS expiresAt, t.revoked_at AS revokedAt,
       u.id AS uId, u.org_id AS orgId, u.email, u.name, u.handle, u.org_role AS orgRole, u.password_hash AS passwordHash
     FROM tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.id = ?`,
  ).get(id) as
    | (TokenRecord & {
        uId: string | null;
        orgId: string;
        email: string;
        name: string;
        handle: string;
        orgRole: UserRecord['orgRole'];
        passwordHash: string;
      })
    | undefined;
  if (!row) return null;
  const token: TokenRecord = { id: row.id, userId: row.userId, expiresAt: row.expiresAt, revokedAt: row.revokedAt };
  const user: UserRecord | null =
    row.uId === null
      ? null
      : {
          id: row.uId,
          orgId: row.orgId,
          email: row.email,
          name: row.name,
          handle: row.handle,
          orgRole: row.orgRole,
          passwordHash: row.passwordHash,
        };
  return { token, user };
}

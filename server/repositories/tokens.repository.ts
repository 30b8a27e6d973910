import type { Db } from '../db/database';

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
  db.prepare(
    'INSERT INTO tokens (id, user_id, token_hash, created_at, expires_at) VALUES (@id, @userId, @tokenHash, @createdAt, @expiresAt)',
  ).run(token);
}

/** The token with this hash, or null. */
export function getTokenByHash(db: Db, tokenHash: string): TokenRecord | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM tokens WHERE token_hash = ?`).get(tokenHash) as TokenRecord | undefined) ?? null;
}

/** The token with this id, or null. */
export function getToken(db: Db, id: string): TokenRecord | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM tokens WHERE id = ?`).get(id) as TokenRecord | undefined) ?? null;
}

/** Revokes one token; returns whether it was live. */
export function revokeToken(db: Db, id: string, at: number): boolean {
  return db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
}

/** Revokes every live token of a user; returns the revoked ids. */
export function revokeUserTokens(db: Db, userId: string, at: number): string[] {
  const rows = db
    .prepare('UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id')
    .all(at, userId) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

import type { Sql } from '../db/sql';
import type { UserRecord } from './users.repository';

/** A session token's stored state; the secret itself is never stored, only its SHA-256. */
export interface TokenRecord {
  id: string;
  userId: string;
  expiresAt: number;
  revokedAt: number | null;
}

const COLUMNS = 'id, user_id AS "userId", expires_at AS "expiresAt", revoked_at AS "revokedAt"';

/** Session tokens, stored by hash. */
export interface TokensRepository {
  /** Stores a new token by its hash. */
  insert(token: { id: string; userId: string; tokenHash: string; createdAt: number; expiresAt: number }): Promise<void>;
  /** The token with this hash, or null. */
  getByHash(tokenHash: string): Promise<TokenRecord | null>;
  /** The token with this id, or null. */
  get(id: string): Promise<TokenRecord | null>;
  /**
   * The token with this id and its user (null when the user row is gone), or null: what every socket
   * request checks first, in one query instead of two.
   */
  getWithUser(id: string): Promise<{ token: TokenRecord; user: UserRecord | null } | null>;
  /** Revokes one token; resolves whether it was live. */
  revoke(id: string, at: number): Promise<boolean>;
  /** Revokes every live token of a user; resolves the revoked ids. */
  revokeForUser(userId: string, at: number): Promise<string[]>;
  /** Ids of a user's tokens revoked at or after `at` (what a password reset at `at` ended). */
  revokedSince(userId: string, at: number): Promise<string[]>;
}

type TokenUserRow = TokenRecord & {
  uId: string | null;
  orgId: string;
  email: string;
  name: string;
  handle: string;
  orgRole: UserRecord['orgRole'];
  passwordHash: string;
};

/** The tokens repository on either engine. */
export class SqlTokensRepository implements TokensRepository {
  constructor(private readonly sql: Sql) {}

  async insert(t: {
    id: string;
    userId: string;
    tokenHash: string;
    createdAt: number;
    expiresAt: number;
  }): Promise<void> {
    await this.sql.run('INSERT INTO tokens (id, user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
      t.id,
      t.userId,
      t.tokenHash,
      t.createdAt,
      t.expiresAt,
    ]);
  }

  async getByHash(tokenHash: string): Promise<TokenRecord | null> {
    return (await this.sql.get<TokenRecord>(`SELECT ${COLUMNS} FROM tokens WHERE token_hash = ?`, [tokenHash])) ?? null;
  }

  async get(id: string): Promise<TokenRecord | null> {
    return (await this.sql.get<TokenRecord>(`SELECT ${COLUMNS} FROM tokens WHERE id = ?`, [id])) ?? null;
  }

  async getWithUser(id: string): Promise<{ token: TokenRecord; user: UserRecord | null } | null> {
    const row = await this.sql.get<TokenUserRow>(
      `SELECT t.id, t.user_id AS "userId", t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt",
         u.id AS "uId", u.org_id AS "orgId", u.email, u.name, u.handle, u.org_role AS "orgRole",
         u.password_hash AS "passwordHash"
       FROM tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.id = ?`,
      [id],
    );
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

  async revoke(id: string, at: number): Promise<boolean> {
    return (await this.sql.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])) === 1;
  }

  async revokeForUser(userId: string, at: number): Promise<string[]> {
    const rows = await this.sql.all<{ id: string }>(
      'UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id',
      [at, userId],
    );
    return rows.map((r) => r.id);
  }

  async revokedSince(userId: string, at: number): Promise<string[]> {
    const rows = await this.sql.all<{ id: string }>('SELECT id FROM tokens WHERE user_id = ? AND revoked_at >= ?', [
      userId,
      at,
    ]);
    return rows.map((r) => r.id);
  }
}

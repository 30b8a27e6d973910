import type { Sql } from '../db/sql';

/** A personal API token's stored state; the secret itself is never stored, only its SHA-256. */
export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
  /** When it last authenticated a request, to the minute (see `noteApiTokenUse`); null if never. */
  lastUsedAt: number | null;
}

const COLUMNS =
  'id, user_id AS "userId", name, created_at AS "createdAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"';

/** Personal API tokens (bots and scripts), stored by hash, live until revoked. */
export interface ApiTokensRepository {
  /** Stores a new token by its hash. */
  insert(token: { id: string; userId: string; name: string; tokenHash: string; createdAt: number }): Promise<void>;
  /** The token with this hash (live or revoked), or null. */
  getByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
  /** The token with this id (live or revoked), or null. */
  get(id: string): Promise<ApiTokenRecord | null>;
  /** A user's live tokens, newest first. */
  listLive(userId: string): Promise<ApiTokenRecord[]>;
  /** Revokes one token; resolves whether it was live. */
  revoke(id: string, at: number): Promise<boolean>;
  /** Every live token of an organization's users, newest first, for the admin console. */
  listLiveByOrg(orgId: string): Promise<ApiTokenRecord[]>;
  /** Records a use at `at` unless one at or after `notBefore` is already recorded; resolves whether it wrote. */
  noteUse(id: string, at: number, notBefore: number): Promise<boolean>;
}

/** The API tokens repository on either engine. */
export class SqlApiTokensRepository implements ApiTokensRepository {
  constructor(private readonly sql: Sql) {}

  async insert(t: { id: string; userId: string; name: string; tokenHash: string; createdAt: number }): Promise<void> {
    await this.sql.run('INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)', [
      t.id,
      t.userId,
      t.name,
      t.tokenHash,
      t.createdAt,
    ]);
  }

  async getByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
    return (
      (await this.sql.get<ApiTokenRecord>(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?`, [tokenHash])) ??
      null
    );
  }

  async get(id: string): Promise<ApiTokenRecord | null> {
    return (await this.sql.get<ApiTokenRecord>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`, [id])) ?? null;
  }

  listLive(userId: string): Promise<ApiTokenRecord[]> {
    return this.sql.all<ApiTokenRecord>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC`,
      [userId],
    );
  }

  listLiveByOrg(orgId: string): Promise<ApiTokenRecord[]> {
    return this.sql.all<ApiTokenRecord>(
      `SELECT a.id, a.user_id AS "userId", a.name, a.created_at AS "createdAt", a.revoked_at AS "revokedAt",
              a.last_used_at AS "lastUsedAt"
         FROM api_tokens a JOIN users u ON u.id = a.user_id
        WHERE u.org_id = ? AND a.revoked_at IS NULL ORDER BY a.created_at DESC, a.id DESC`,
      [orgId],
    );
  }

  async revoke(id: string, at: number): Promise<boolean> {
    return (
      (await this.sql.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])) === 1
    );
  }

  async noteUse(id: string, at: number, notBefore: number): Promise<boolean> {
    const written = await this.sql.run(
      'UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
      [at, id, notBefore],
    );
    return written === 1;
  }
}

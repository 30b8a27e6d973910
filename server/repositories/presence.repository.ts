import type { Sql } from '../db/sql';

/**
 * Presence: the sockets connected now, on every node (one row each, expiring unless its node's
 * heartbeat moves `expires_at` on), and the users who chose not to be shown online.
 */
export interface PresenceRepository {
  /** Records a connected socket of a user, held by `nodeId`, counted until `expiresAt`. */
  connect(socketId: string, userId: string, nodeId: string, expiresAt: number): Promise<void>;
  /** Forgets a socket; resolves with its user, or null when it was not recorded (already expired). */
  disconnect(socketId: string): Promise<string | null>;
  /** Moves the expiry of every socket a node holds (the node's heartbeat); resolves with how many. */
  heartbeat(nodeId: string, expiresAt: number): Promise<number>;
  /** Deletes the sockets whose node stopped beating (expired at `now`); resolves with their users. */
  expire(now: number): Promise<string[]>;
  /** Deletes every socket a node holds (it is closing); resolves with their users. */
  clearNode(nodeId: string): Promise<string[]>;
  /** Those of `userIds` with a live socket who have not opted out: who is shown online. */
  visibleOnline(userIds: readonly string[], now: number): Promise<string[]>;
  /** Whether the user opted out of being shown online. */
  isHidden(userId: string): Promise<boolean>;
  /** Opts the user out (`hidden`) or back in; resolves whether anything changed. */
  setHidden(userId: string, hidden: boolean, at: number): Promise<boolean>;
}

/** The presence repository on either engine. */
export class SqlPresenceRepository implements PresenceRepository {
  constructor(private readonly sql: Sql) {}

  async connect(socketId: string, userId: string, nodeId: string, expiresAt: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO presence_connections (socket_id, user_id, node_id, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (socket_id) DO UPDATE SET expires_at = excluded.expires_at`,
      [socketId, userId, nodeId, expiresAt],
    );
  }

  async disconnect(socketId: string): Promise<string | null> {
    const row = await this.sql.get<{ userId: string }>(
      'DELETE FROM presence_connections WHERE socket_id = ? RETURNING user_id AS "userId"',
      [socketId],
    );
    return row?.userId ?? null;
  }

  async heartbeat(nodeId: string, expiresAt: number): Promise<number> {
    return this.sql.run('UPDATE presence_connections SET expires_at = ? WHERE node_id = ?', [expiresAt, nodeId]);
  }

  async expire(now: number): Promise<string[]> {
    const rows = await this.sql.all<{ userId: string }>(
      'DELETE FROM presence_connections WHERE expires_at <= ? RETURNING user_id AS "userId"',
      [now],
    );
    return [...new Set(rows.map((r) => r.userId))];
  }

  async clearNode(nodeId: string): Promise<string[]> {
    const rows = await this.sql.all<{ userId: string }>(
      'DELETE FROM presence_connections WHERE node_id = ? RETURNING user_id AS "userId"',
      [nodeId],
    );
    return [...new Set(rows.map((r) => r.userId))];
  }

  async visibleOnline(userIds: readonly string[], now: number): Promise<string[]> {
    if (userIds.length === 0) return [];
    const { inList, listParam } = this.sql.dialect;
    const rows = await this.sql.all<{ userId: string }>(
      `SELECT DISTINCT c.user_id AS "userId" FROM presence_connections c
       WHERE ${inList('c.user_id')} AND c.expires_at > ?
         AND NOT EXISTS (SELECT 1 FROM presence_opt_outs o WHERE o.user_id = c.user_id)
       ORDER BY c.user_id`,
      [listParam(userIds), now],
    );
    return rows.map((r) => r.userId);
  }

  async isHidden(userId: string): Promise<boolean> {
    const row = await this.sql.get<{ one: number }>('SELECT 1 AS one FROM presence_opt_outs WHERE user_id = ?', [
      userId,
    ]);
    return row !== undefined;
  }

  async setHidden(userId: string, hidden: boolean, at: number): Promise<boolean> {
    const changes = hidden
      ? await this.sql.run(
          'INSERT INTO presence_opt_outs (user_id, since) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING',
          [userId, at],
        )
      : await this.sql.run('DELETE FROM presence_opt_outs WHERE user_id = ?', [userId]);
    return changes > 0;
  }
}

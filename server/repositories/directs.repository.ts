import type { DirectParticipant } from '../../shared/protocol/index';
import type { Sql } from '../db/sql';

/** Direct conversations: which stream a set of people has, and who is in each. */
export interface DirectsRepository {
  /** The stream of the organization's conversation with exactly this participant key, or null. */
  findByKey(orgId: string, participantKey: string): Promise<string | null>;
  /**
   * Claims a participant key for a stream already inserted in this unit of work and lists its people.
   * Resolves false, writing nothing, when another unit claimed the key first (it then holds the stream).
   */
  claim(input: {
    streamId: string;
    orgId: string;
    participantKey: string;
    userIds: readonly string[];
  }): Promise<boolean>;
  /** Removes a stream this unit inserted for a key it then failed to claim (nothing refers to it yet). */
  discardUnclaimed(streamId: string): Promise<void>;
  /** Everyone in a conversation, by name (deactivated people too). */
  participants(streamId: string): Promise<DirectParticipant[]>;
  /** Whether the user is in the conversation. */
  isParticipant(streamId: string, userId: string): Promise<boolean>;
  /** Ids of the conversations the user is in, oldest first. */
  streamIdsForUser(userId: string): Promise<string[]>;
}

/** The key of a set of people: their ids sorted and joined, the same whoever opens it. */
export function participantKey(userIds: Iterable<string>): string {
  return [...new Set(userIds)].sort().join(',');
}

/** The direct conversations repository on either engine. */
export class SqlDirectsRepository implements DirectsRepository {
  constructor(private readonly sql: Sql) {}

  async findByKey(orgId: string, key: string): Promise<string | null> {
    const row = await this.sql.get<{ streamId: string }>(
      'SELECT stream_id AS "streamId" FROM direct_streams WHERE org_id = ? AND participant_key = ?',
      [orgId, key],
    );
    return row?.streamId ?? null;
  }

  async claim(input: { streamId: string; orgId: string; participantKey: string; userIds: readonly string[] }) {
    // ON CONFLICT DO NOTHING: on PostgreSQL a concurrent claim of the same key waits for the other
    // unit and then yields instead of failing the request.
    const claimed = await this.sql.run(
      `INSERT INTO direct_streams (stream_id, org_id, participant_key) VALUES (?, ?, ?)
       ON CONFLICT (org_id, participant_key) DO NOTHING`,
      [input.streamId, input.orgId, input.participantKey],
    );
    if (claimed !== 1) return false;
    for (const userId of input.userIds)
      await this.sql.run('INSERT INTO direct_participants (stream_id, user_id) VALUES (?, ?)', [
        input.streamId,
        userId,
      ]);
    return true;
  }

  async discardUnclaimed(streamId: string): Promise<void> {
    await this.sql.run("DELETE FROM streams WHERE id = ? AND kind = 'direct' AND head_seq = 0", [streamId]);
  }

  participants(streamId: string): Promise<DirectParticipant[]> {
    return this.sql.all<DirectParticipant>(
      `SELECT u.id, u.name, u.handle FROM direct_participants p JOIN users u ON u.id = p.user_id
       WHERE p.stream_id = ? ORDER BY u.name, u.id`,
      [streamId],
    );
  }

  async isParticipant(streamId: string, userId: string): Promise<boolean> {
    const row = await this.sql.get<{ one: number }>(
      'SELECT 1 AS one FROM direct_participants WHERE stream_id = ? AND user_id = ?',
      [streamId, userId],
    );
    return row !== undefined;
  }

  async streamIdsForUser(userId: string): Promise<string[]> {
    const rows = await this.sql.all<{ id: string }>(
      `SELECT p.stream_id AS id FROM direct_participants p JOIN streams s ON s.id = p.stream_id
       WHERE p.user_id = ? ORDER BY s.created_at, s.id`,
      [userId],
    );
    return rows.map((r) => r.id);
  }
}

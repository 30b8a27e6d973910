import type { Sql } from '../db/sql';

/**
 * The clientId prefix of integration posts: they are stored under their integration's creator, so
 * socket sends may not use it (the unique key is author, stream, clientId).
 */
export const INTEGRATION_CLIENT_ID = 'integration:';

/** An integration's stored state; its flow token is never stored, only the token's SHA-256. */
export interface IntegrationRecord {
  id: string;
  orgId: string;
  streamId: string;
  name: string;
  avatarUrl: string | null;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
}

/** The latest state of an external thread (Flowdock's `thread`), as the tool last posted it. */
export interface ExternalThreadRecord {
  integrationId: string;
  externalThreadId: string;
  rootMessageId: string;
  /** The thread's fields as JSON (title, body, status, fields, external_url, actions). */
  thread: string;
}

const COLUMNS = `id, org_id AS "orgId", stream_id AS "streamId", name, avatar_url AS "avatarUrl",
  created_by AS "createdBy", created_at AS "createdAt", revoked_at AS "revokedAt"`;

const THREAD_COLUMNS = `integration_id AS "integrationId", external_thread_id AS "externalThreadId",
  root_message_id AS "rootMessageId", thread`;

/** Integrations (Flowdock's sources) of team streams, and the external threads they started. */
export interface IntegrationsRepository {
  /** Stores a new integration by its flow token's hash. */
  insert(integration: IntegrationRecord & { tokenHash: string }): Promise<void>;
  /** The integration with this id (live or revoked), or null. */
  get(id: string): Promise<IntegrationRecord | null>;
  /** The integration whose flow token has this hash (live or revoked), or null. */
  getByHash(tokenHash: string): Promise<IntegrationRecord | null>;
  /** A stream's live integrations, newest first. */
  listLive(streamId: string): Promise<IntegrationRecord[]>;
  /** Revokes one integration; resolves whether it was live. */
  revoke(id: string, at: number): Promise<boolean>;
  /** The thread an integration started for an external id, or null. */
  getThread(integrationId: string, externalThreadId: string): Promise<ExternalThreadRecord | null>;
  /** Records the thread an integration started for an external id (a concurrent one conflicts on the key). */
  insertThread(thread: ExternalThreadRecord): Promise<void>;
  /**
   * Moves an external id from a deleted root to a new one; resolves whether it still pointed at
   * `fromRootId` (false: another post moved it meanwhile).
   */
  moveThread(thread: ExternalThreadRecord, fromRootId: string): Promise<boolean>;
  /** Replaces an external thread's latest state. */
  updateThread(integrationId: string, externalThreadId: string, thread: string): Promise<void>;
  /** Records which Flowdock event (`activity`, `discussion`, `message`) an integration's post was. */
  setEntryEvent(messageId: string, event: IntegrationEvent): Promise<void>;
}

/** The Flowdock events an integration posts (Messages.md, Thread-messages.md). */
export type IntegrationEvent = 'activity' | 'discussion' | 'message';

/** The integrations repository on either engine. */
export class SqlIntegrationsRepository implements IntegrationsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(i: IntegrationRecord & { tokenHash: string }): Promise<void> {
    await this.sql.run(
      `INSERT INTO integrations (id, org_id, stream_id, name, avatar_url, token_hash, created_by, created_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [i.id, i.orgId, i.streamId, i.name, i.avatarUrl, i.tokenHash, i.createdBy, i.createdAt, i.revokedAt],
    );
  }

  async get(id: string): Promise<IntegrationRecord | null> {
    return (await this.sql.get<IntegrationRecord>(`SELECT ${COLUMNS} FROM integrations WHERE id = ?`, [id])) ?? null;
  }

  async getByHash(tokenHash: string): Promise<IntegrationRecord | null> {
    return (
      (await this.sql.get<IntegrationRecord>(`SELECT ${COLUMNS} FROM integrations WHERE token_hash = ?`, [
        tokenHash,
      ])) ?? null
    );
  }

  listLive(streamId: string): Promise<IntegrationRecord[]> {
    return this.sql.all<IntegrationRecord>(
      `SELECT ${COLUMNS} FROM integrations WHERE stream_id = ? AND revoked_at IS NULL
       ORDER BY created_at DESC, id DESC`,
      [streamId],
    );
  }

  async revoke(id: string, at: number): Promise<boolean> {
    return (
      (await this.sql.run('UPDATE integrations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])) === 1
    );
  }

  async getThread(integrationId: string, externalThreadId: string): Promise<ExternalThreadRecord | null> {
    return (
      (await this.sql.get<ExternalThreadRecord>(
        `SELECT ${THREAD_COLUMNS} FROM integration_threads WHERE integration_id = ? AND external_thread_id = ?`,
        [integrationId, externalThreadId],
      )) ?? null
    );
  }

  async insertThread(t: ExternalThreadRecord): Promise<void> {
    await this.sql.run(
      `INSERT INTO integration_threads (integration_id, external_thread_id, root_message_id, thread)
       VALUES (?, ?, ?, ?)`,
      [t.integrationId, t.externalThreadId, t.rootMessageId, t.thread],
    );
  }

  async moveThread(t: ExternalThreadRecord, fromRootId: string): Promise<boolean> {
    return (
      (await this.sql.run(
        `UPDATE integration_threads SET root_message_id = ?, thread = ?
         WHERE integration_id = ? AND external_thread_id = ? AND root_message_id = ?`,
        [t.rootMessageId, t.thread, t.integrationId, t.externalThreadId, fromRootId],
      )) === 1
    );
  }

  async updateThread(integrationId: string, externalThreadId: string, thread: string): Promise<void> {
    await this.sql.run(
      'UPDATE integration_threads SET thread = ? WHERE integration_id = ? AND external_thread_id = ?',
      [thread, integrationId, externalThreadId],
    );
  }

  async setEntryEvent(messageId: string, event: IntegrationEvent): Promise<void> {
    await this.sql.run('UPDATE messages SET integration_event = ? WHERE id = ?', [event, messageId]);
  }
}

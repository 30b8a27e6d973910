import type { ChangeKind } from '../../../shared/ipc/contract';
import { PERMANENT_ERROR_CODES, ProtocolError } from '../../../shared/protocol/errors';
import { storeAcked } from '../cache/apply';
import type { Db } from '../cache/database';
import {
  countAttempt,
  getOutboxItem,
  markFailed,
  nextPendingPerStream,
  removeOutboxItem,
  rowFiles,
  type OutboxRow,
} from '../cache/outbox';
import { upsertPromotion } from '../cache/promotions';
import { waitingUploads } from '../cache/stagedUploads';
import { removeUnclaimedUploads } from '../files/stagingFolder';
import { errorMessage, type CoreLogger } from '../log';
import type { Connection } from './connection';
import { uploadWaitingFiles, type OutboxUploadsOptions } from './outboxUploads';
import type { EngineListeners } from './syncEngine';

export type { OutboxUploadsOptions };

/** Delay before retrying after a transient refusal (RATE_LIMITED, INTERNAL) on a live connection. */
const RETRY_DELAY_MS = 1000;
/**
 * Refusals other than RATE_LIMITED/UNAVAILABLE (INTERNAL, or a code this client does not know) that
 * an item may collect before it is marked failed: a server that fails on this one item every time
 * would otherwise hold back every later item of its stream forever.
 */
export const MAX_SERVER_FAILURES = 5;
/** What a failed item changes: it shows as failed in its stream, and the queue is shorter. */
const FAILED: ChangeKind[] = ['messages', 'outbox'];

/**
 * Sends outbox items in order, one in flight per stream, retrying with the same clientId until the
 * server acknowledges (sends are idempotent on clientId) or refuses for good. A send holding staged
 * files uploads them first (idempotent on their upload ids), and their bytes go once it is delivered.
 */
export class OutboxSender {
  private conn: Connection | null = null;
  private readonly inFlight = new Set<string>();
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly serverFailures = new Map<string, number>();
  /** The uploads running for a send, by its clientId: aborted when it is discarded or the link ends. */
  private readonly uploading = new Map<string, AbortController>();

  constructor(
    private readonly db: Db,
    private readonly myId: string,
    private readonly engine: { emitStatus(): void },
    private readonly l: Pick<EngineListeners, 'changed'>,
    private readonly log: CoreLogger,
    private readonly uploads: OutboxUploadsOptions | null = null,
  ) {}

  /** Begins draining on a fresh connection. */
  start(conn: Connection): void {
    this.conn = conn;
    this.kick();
  }

  /** Stops sending (connection lost or engine stopped); rows stay queued. */
  stop(): void {
    this.conn = null;
    for (const controller of this.uploading.values()) controller.abort();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Starts a send for every stream that has a pending item and none in flight. */
  kick(): void {
    const conn = this.conn;
    if (!conn || !conn.connected) return;
    for (const row of nextPendingPerStream(this.db)) {
      if (this.inFlight.has(row.stream_id)) continue;
      this.inFlight.add(row.stream_id);
      void this.sendOne(conn, row)
        .catch((error: unknown) => {
          this.log.error('outbox send failed', { streamId: row.stream_id, error: errorMessage(error) });
          return false;
        })
        .then((again) => {
          this.inFlight.delete(row.stream_id);
          if (again && this.conn === conn) this.kick();
        });
    }
  }

  /** Stops the uploads of a send being discarded (its row is gone: the sender then moves on). */
  abortUploads(clientId: string): void {
    this.uploading.get(clientId)?.abort();
  }

  /**
   * Uploads the staged files a send waits for; resolves the row to send (its files now the server's),
   * or whether the queue may continue when it cannot be sent now (refused, discarded, link gone).
   */
  private async uploadFirst(conn: Connection, row: OutboxRow): Promise<OutboxRow | boolean> {
    if (waitingUploads(this.db, row.client_id).length === 0) return row;
    if (!this.uploads) return this.refused(conn, row, 'UNAVAILABLE', 'this client cannot upload files');
    const controller = new AbortController();
    this.uploading.set(row.client_id, controller);
    try {
      if (!(await uploadWaitingFiles(this.db, this.uploads, row.client_id, controller.signal))) return this.db.open;
    } catch (error) {
      if (!this.db.open) return false;
      // discarded while uploading: nothing more to do for it
      if (!getOutboxItem(this.db, row.client_id)) return true;
      const refusal = error instanceof ProtocolError ? error : new ProtocolError('INTERNAL', errorMessage(error));
      return this.refused(conn, row, refusal.code, refusal.message);
    } finally {
      this.uploading.delete(row.client_id);
    }
    if (!conn.connected || this.conn !== conn) return false;
    return getOutboxItem(this.db, row.client_id) ?? true;
  }

  /** Sends one row; resolves whether the stream's queue may continue at once. */
  private async sendOne(conn: Connection, queued: OutboxRow): Promise<boolean> {
    countAttempt(this.db, queued.client_id);
    if (queued.kind === 'send') {
      const row = await this.uploadFirst(conn, queued);
      if (typeof row === 'boolean') return row;
      const ack = await conn.request('message:send', {
        streamId: row.stream_id,
        clientId: row.client_id,
        body: row.body,
        ...(row.thread_root_id ? { threadRootId: row.thread_root_id } : {}),
        ...(row.files ? { fileIds: rowFiles(row).map((f) => f.id) } : {}),
      });
      // the account may have closed while the request was out; the row stays queued for next time
      if (!this.db.open) return false;
      if (ack.ok) {
        this.settled(row, storeAcked(this.db, this.myId, ack.message) ? ['messages', 'outbox', 'streams'] : []);
        if (this.uploads) removeUnclaimedUploads(this.db, this.uploads.folder);
        return true;
      }
      return this.refused(conn, row, ack.error.code, ack.error.message);
    }
    const row = queued;
    const ack = await conn.request('promotion:propose', {
      messageId: row.message_id ?? '',
      clientId: row.client_id,
      ...(row.note ? { note: row.note } : {}),
    });
    if (!this.db.open) return false;
    if (ack.ok) {
      this.db.transaction(() => {
        upsertPromotion(this.db, ack.promotion);
        removeOutboxItem(this.db, row.client_id);
      })();
      this.settled(row, ['outbox', 'promotions']);
      return true;
    }
    return this.refused(conn, row, ack.error.code, ack.error.message);
  }

  /** The item left the queue (sent or failed for good): announce what changed and the new count. */
  private settled(row: OutboxRow, kinds: ChangeKind[]): void {
    this.serverFailures.delete(row.client_id);
    if (kinds.length > 0) this.l.changed([row.stream_id], kinds);
    this.engine.emitStatus();
  }

  private refused(conn: Connection, row: OutboxRow, code: string, message: string): boolean {
    if (PERMANENT_ERROR_CODES.has(code as never)) {
      markFailed(this.db, row.client_id, `${code}: ${message}`);
      this.settled(row, FAILED);
      return true;
    }
    if (code !== 'RATE_LIMITED' && code !== 'UNAVAILABLE') {
      const failures = (this.serverFailures.get(row.client_id) ?? 0) + 1;
      this.serverFailures.set(row.client_id, failures);
      if (failures >= MAX_SERVER_FAILURES) {
        markFailed(this.db, row.client_id, `${code}: ${message} (${failures} attempts)`);
        this.settled(row, FAILED);
        return true;
      }
    }
    // transient: the connection's end (UNAVAILABLE) restarts us; otherwise retry after a pause
    if (conn.connected && this.conn === conn && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.kick();
      }, RETRY_DELAY_MS);
    }
    return false;
  }
}

import { uuidv7 } from '../../../shared/domain/ids';
import type { FileRef } from '../../../shared/protocol/entities';
import { durableWrite, type Db } from './database';
import { stmt } from './statements';
import { moveStagedUploads } from './stagedUploads';

/** An outbox row as stored. */
export interface OutboxRow {
  row_id: number;
  client_id: string;
  kind: 'send' | 'propose';
  stream_id: string;
  body: string;
  thread_root_id: string | null;
  message_id: string | null;
  note: string | null;
  status: 'pending' | 'failed';
  failure_reason: string | null;
  attempts: number;
  created_at: number;
  /** The attached files of a send as JSON (migration 0130); null: none. */
  files: string | null;
}

/** What a new outbox entry needs. */
export type NewOutboxItem =
  | { kind: 'send'; streamId: string; body: string; threadRootId: string | null; files?: FileRef[] }
  | { kind: 'propose'; streamId: string; messageId: string; note: string | null };

/**
 * Queues one item durably (synchronous=FULL) and returns its clientId; `alongside` writes what belongs
 * with it (its staged files) in the same unit.
 */
export function enqueue(db: Db, item: NewOutboxItem, now = Date.now(), alongside?: (clientId: string) => void): string {
  const clientId = uuidv7(now);
  durableWrite(db, () => {
    stmt(
      db,
      `INSERT INTO outbox (client_id, kind, stream_id, body, thread_root_id, message_id, note, created_at, files)
       VALUES (@clientId, @kind, @streamId, @body, @threadRootId, @messageId, @note, @now, @files)`,
    ).run({
      files: item.kind === 'send' && item.files?.length ? JSON.stringify(item.files) : null,
      clientId,
      kind: item.kind,
      streamId: item.streamId,
      body: item.kind === 'send' ? item.body : '',
      threadRootId: item.kind === 'send' ? item.threadRootId : null,
      messageId: item.kind === 'propose' ? item.messageId : null,
      note: item.kind === 'propose' ? item.note : null,
      now,
    });
    alongside?.(clientId);
  });
  return clientId;
}

/** Copies rows salvaged from a damaged cache into a fresh one, keeping their clientIds and order. */
export function insertSalvaged(db: Db, rows: OutboxRow[]): void {
  durableWrite(db, () => {
    const insert = stmt(
      db,
      `INSERT OR IGNORE INTO outbox (client_id, kind, stream_id, body, thread_root_id, message_id, note, status,
         failure_reason, attempts, created_at, files)
       VALUES (@client_id, @kind, @stream_id, @body, @thread_root_id, @message_id, @note, @status, @failure_reason,
         @attempts, @created_at, @files)`,
    );
    // rows salvaged from a cache older than migration 0130 have no files column
    for (const r of rows) insert.run({ ...r, files: r.files ?? null });
  });
}

/** The oldest pending item of each stream: what the sender may have in flight. */
export function nextPendingPerStream(db: Db): OutboxRow[] {
  return stmt(
    db,
    `SELECT o.* FROM outbox o WHERE o.status = 'pending' AND o.row_id = (
         SELECT MIN(row_id) FROM outbox p WHERE p.stream_id = o.stream_id AND p.status = 'pending')
       ORDER BY o.row_id`,
  ).all() as OutboxRow[];
}

/** One item by clientId. */
export function getOutboxItem(db: Db, clientId: string): OutboxRow | null {
  return (stmt(db, 'SELECT * FROM outbox WHERE client_id = ?').get(clientId) as OutboxRow | undefined) ?? null;
}

/** Pending and failed sends of a stream (top level or of one thread), oldest first. */
export function listSends(db: Db, filter: { streamId: string } | { threadRootId: string }): OutboxRow[] {
  if ('streamId' in filter)
    return stmt(
      db,
      `SELECT * FROM outbox WHERE kind = 'send' AND stream_id = ? AND thread_root_id IS NULL ORDER BY row_id`,
    ).all(filter.streamId) as OutboxRow[];
  return stmt(db, `SELECT * FROM outbox WHERE kind = 'send' AND thread_root_id = ? ORDER BY row_id`).all(
    filter.threadRootId,
  ) as OutboxRow[];
}

/** How many items wait to be sent (pending, not failed). */
export function pendingCount(db: Db): number {
  return stmt(db, `SELECT COUNT(*) FROM outbox WHERE status = 'pending'`).pluck().get() as number;
}

/** Removes an item (acknowledged or discarded); returns whether it existed. */
export function removeOutboxItem(db: Db, clientId: string): boolean {
  return stmt(db, 'DELETE FROM outbox WHERE client_id = ?').run(clientId).changes === 1;
}

/** Marks an item as refused for good, with the server's reason. */
export function markFailed(db: Db, clientId: string, reason: string): void {
  stmt(db, `UPDATE outbox SET status = 'failed', failure_reason = ? WHERE client_id = ?`).run(reason, clientId);
}

/** Counts one more delivery attempt. */
export function countAttempt(db: Db, clientId: string): void {
  stmt(db, 'UPDATE outbox SET attempts = attempts + 1 WHERE client_id = ?').run(clientId);
}

/**
 * Puts a failed item back in the queue, at the end of its stream's order. A changed body gets a new
 * clientId, since the server may have recorded the old one with the old body.
 */
export function requeue(db: Db, clientId: string, body: string | undefined, now = Date.now()): boolean {
  return durableWrite(db, () => {
    const row = getOutboxItem(db, clientId);
    if (!row) return false;
    stmt(db, 'DELETE FROM outbox WHERE client_id = ?').run(clientId);
    const newId = body !== undefined && body !== row.body ? uuidv7(now) : clientId;
    stmt(
      db,
      `INSERT INTO outbox (client_id, kind, stream_id, body, thread_root_id, message_id, note, created_at, files)
       VALUES (@newId, @kind, @stream_id, @body, @thread_root_id, @message_id, @note, @created_at, @files)`,
    ).run({ ...row, newId, body: body ?? row.body });
    if (newId !== clientId) moveStagedUploads(db, clientId, newId);
    return true;
  });
}

/** The files a send attaches (none for rows without). */
export function rowFiles(row: OutboxRow): FileRef[] {
  return row.files ? (JSON.parse(row.files) as FileRef[]) : [];
}

/** Removes the send that the server has stored under this clientId (seen in the log or an ack); returns whether there was one. */
export function removeDeliveredSend(db: Db, clientId: string): boolean {
  return stmt(db, `DELETE FROM outbox WHERE client_id = ? AND kind = 'send'`).run(clientId).changes > 0;
}

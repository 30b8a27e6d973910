import type { FileRef } from '../../../shared/protocol/entities';
import { durableWrite, type Db } from './database';
import { stmt } from './statements';

/** A staged file of a queued send, as stored (migration 0150). */
export interface StagedUploadRow {
  upload_id: string;
  client_id: string;
  stream_id: string;
  name: string;
  size: number;
  mime: string;
  /** The server's id once uploaded; null while it waits. */
  file_id: string | null;
  created_at: number;
}

/** Records staged files of a send; call inside the unit that queues the send. */
export function insertStagedUploads(db: Db, rows: readonly StagedUploadRow[]): void {
  const insert = stmt(
    db,
    `INSERT INTO staged_uploads (upload_id, client_id, stream_id, name, size, mime, file_id, created_at)
     VALUES (@upload_id, @client_id, @stream_id, @name, @size, @mime, @file_id, @created_at)`,
  );
  for (const row of rows) insert.run(row);
}

/** The staged files of a send still to upload, in the order they were attached. */
export function waitingUploads(db: Db, clientId: string): StagedUploadRow[] {
  return stmt(db, 'SELECT * FROM staged_uploads WHERE client_id = ? AND file_id IS NULL ORDER BY rowid').all(
    clientId,
  ) as StagedUploadRow[];
}

/** One staged file by its upload id. */
export function stagedUpload(db: Db, uploadId: string): StagedUploadRow | null {
  return (stmt(db, 'SELECT * FROM staged_uploads WHERE upload_id = ?').get(uploadId) as StagedUploadRow) ?? null;
}

/**
 * The server stored a staged file: its stand-in in the send's files becomes the real reference, in one
 * durable unit (a crash after the upload but before this re-uploads with the same id, which the server
 * answers with the same file). False when the send is gone meanwhile (discarded).
 */
export function recordUploaded(db: Db, clientId: string, uploadId: string, file: FileRef): boolean {
  return durableWrite(db, () => {
    const files = stmt(db, 'SELECT files FROM outbox WHERE client_id = ?').pluck().get(clientId) as
      string | null | undefined;
    if (files === undefined) return false;
    const refs = (files ? (JSON.parse(files) as FileRef[]) : []).map((f) => (f.id === uploadId ? file : f));
    stmt(db, 'UPDATE outbox SET files = ? WHERE client_id = ?').run(JSON.stringify(refs), clientId);
    stmt(db, 'UPDATE staged_uploads SET file_id = ? WHERE upload_id = ?').run(file.id, uploadId);
    return true;
  });
}

/** A send re-queued under a new clientId keeps its staged files. */
export function moveStagedUploads(db: Db, from: string, to: string): void {
  stmt(db, 'UPDATE staged_uploads SET client_id = ? WHERE client_id = ?').run(to, from);
}

/** Forgets staged files whose send left the outbox (delivered or discarded); answers their upload ids. */
export function takeUnclaimedUploads(db: Db): string[] {
  return durableWrite(db, () => {
    const ids = stmt(db, 'SELECT upload_id FROM staged_uploads WHERE client_id NOT IN (SELECT client_id FROM outbox)')
      .pluck()
      .all() as string[];
    stmt(db, 'DELETE FROM staged_uploads WHERE client_id NOT IN (SELECT client_id FROM outbox)').run();
    return ids;
  });
}

/** The upload ids of every staged file a queued send still holds. */
export function claimedUploadIds(db: Db): Set<string> {
  return new Set(stmt(db, 'SELECT upload_id FROM staged_uploads').pluck().all() as string[]);
}

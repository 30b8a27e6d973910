import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileUploadResponseSchema } from '../../../shared/protocol/http';
import { ProtocolError } from '../../../shared/protocol/errors';
import type { Db } from '../cache/database';
import { recordUploaded, waitingUploads } from '../cache/stagedUploads';
import { uploadFile, type FileEndpoint } from '../files/fileTransfer';

/** Where the outbox finds staged files and how it reaches the server's file routes. */
export interface OutboxUploadsOptions {
  /** The account's `pending-uploads/` folder. */
  folder: string;
  /** The server and the current token; null without one (then nothing uploads). */
  endpoint: () => FileEndpoint | null;
}

/**
 * Uploads the staged files a send still waits for, in order, each named by its upload id: the server
 * answers a repeated upload (an answer lost, a crash before it was recorded) with the file it stored.
 * Each stored file is recorded at once, so a later failure re-uploads only the rest. Resolves false
 * when the send was discarded meanwhile; throws the refusal (UNAVAILABLE: try again; INVALID, FORBIDDEN,
 * NOT_FOUND: the send fails for good, with the reason).
 */
export async function uploadWaitingFiles(
  db: Db,
  options: OutboxUploadsOptions,
  clientId: string,
  signal: AbortSignal,
): Promise<boolean> {
  for (const row of waitingUploads(db, clientId)) {
    const endpoint = options.endpoint();
    if (!endpoint) throw new ProtocolError('UNAVAILABLE', 'signed out');
    const path = join(options.folder, row.upload_id);
    if (!existsSync(path))
      throw new ProtocolError('NOT_FOUND', `the attached file “${row.name}” is no longer on this computer`, 'files');
    let answer: unknown;
    try {
      answer = await uploadFile(
        endpoint,
        { path, size: row.size, streamId: row.stream_id, name: row.name, clientId: row.upload_id },
        () => undefined,
        signal,
      );
    } catch (error) {
      if (error instanceof ProtocolError && error.code === 'INVALID' && error.field === 'file')
        throw new ProtocolError('INVALID', `“${row.name}” was not sent: ${error.message}`, 'files');
      throw error;
    }
    const parsed = fileUploadResponseSchema.safeParse(answer);
    if (!parsed.success) throw new ProtocolError('INTERNAL', 'the server answered the upload with an unexpected shape');
    if (!db.open || !recordUploaded(db, clientId, row.upload_id, parsed.data.file)) return false;
  }
  return true;
}

import { closeSync, fsyncSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { FileRef } from '../../../shared/protocol/entities';
import { ProtocolError } from '../../../shared/protocol/errors';
import type { Account } from '../account';
import { stagedUpload, type StagedUploadRow } from '../cache/stagedUploads';
import { pendingUploadsFolder, takeStaged } from './uploads';

/*
 * Files attached to a send before they reached the server (offline, or an upload cut): the send
 * takes its staged files along. Their bytes are fsynced where they are, a `staged_uploads` row records
 * each with the send in the same durable unit, and the send shows at once with stand-in references
 * (the upload's id, name, size, and a local preview for images). The outbox uploads them first when
 * online (outboxUploads.ts), then sends; the bytes go once the send is delivered or discarded.
 */

/** Largest staged image shown as its own preview (the whole file crosses to the page). */
const MAX_LOCAL_PREVIEW_BYTES = 10 * 1024 * 1024;

/** The image types the page previews, by their first bytes: the server decides for real later. */
function sniffImage(head: Buffer): string | null {
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  return null;
}

/** Reads the head of a staged file and flushes it to disk (it must outlive a crash from now on). */
function flushAndSniff(path: string): string | null {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, head.length, 0);
    return sniffImage(head.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

function fsyncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The reference a send shows for a file still waiting to upload. */
export function standInRef(row: Pick<StagedUploadRow, 'upload_id' | 'name' | 'size' | 'mime'>): FileRef {
  return {
    id: row.upload_id,
    name: row.name,
    size: row.size,
    mime: row.mime,
    width: null,
    height: null,
    thumbnail: row.mime.startsWith('image/') && row.size <= MAX_LOCAL_PREVIEW_BYTES,
  };
}

/**
 * Makes fully staged uploads durable for a send into `streamId`: answers their stand-in references
 * and the rows to record with the send (its clientId filled in by the caller). Refused (nothing
 * changes) when one is unknown, still uploading, incomplete, or of another stream.
 */
export function claimStagedUploads(
  acc: Account,
  streamId: string,
  uploadIds: readonly string[],
  now = Date.now(),
): { refs: FileRef[]; rows: Array<Omit<StagedUploadRow, 'client_id'>> } {
  if (new Set(uploadIds).size !== uploadIds.length)
    throw new ProtocolError('INVALID', 'an upload is attached twice', 'uploadIds');
  const staged = uploadIds.map((id) => [id, takeStaged(acc, id, streamId)] as const);
  const rows = staged.map(([uploadId, s]) => ({
    upload_id: uploadId,
    stream_id: streamId,
    name: s.name,
    size: s.size,
    mime: flushAndSniff(s.path) ?? 'application/octet-stream',
    file_id: null,
    created_at: now,
  }));
  if (rows.length > 0) fsyncFolder(pendingUploadsFolder(acc));
  return { refs: rows.map(standInRef), rows };
}

/** A staged image's own bytes as its preview, or null when the id is no staged file. */
export function stagedPreview(acc: Account, uploadId: string): { mime: string; data: Buffer } | null {
  const row = stagedUpload(acc.db, uploadId);
  if (!row) return null;
  if (!standInRef(row).thumbnail) throw new ProtocolError('NOT_FOUND', 'no preview of this file', 'fileId');
  try {
    return { mime: row.mime, data: readFileSync(join(pendingUploadsFolder(acc), uploadId)) };
  } catch {
    throw new ProtocolError('NOT_FOUND', 'the attached file is no longer on this computer', 'fileId');
  }
}

import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FileRef } from '../../../shared/protocol/entities';
import { fileUploadResponseSchema } from '../../../shared/protocol/http';
import { ProtocolError } from '../../../shared/protocol/errors';
import { DEFAULT_MAX_FILE_BYTES } from '../../../shared/protocol/limits';
import type { Account } from '../account';
import { uploadFile } from './fileTransfer';
import { pendingUploadsFolderOf } from './stagingFolder';

/*
 * Attaching a file: the page sends its bytes in chunks into a staged file in the account's folder
 * (`pending-uploads/`), then the core streams it to the server, named by its upload id (a retry
 * answers the stored file). Offline, or when the upload is cut, the staged file stays: a send then
 * takes it along (`offlineAttachments.ts`) and the outbox uploads it when the network returns (see
 * docs/client-core.md, "Files"). The org's size limit, as last known, is checked before any byte moves.
 */

/** Fewest milliseconds between two progress pushes of one upload (the last one always goes). */
const PROGRESS_INTERVAL_MS = 50;

export interface Staged {
  streamId: string;
  name: string;
  size: number;
  received: number;
  path: string;
  controller: AbortController | null;
}

const stagedByAccount = new WeakMap<Account, Map<string, Staged>>();

function stagedOf(acc: Account): Map<string, Staged> {
  let map = stagedByAccount.get(acc);
  if (!map) stagedByAccount.set(acc, (map = new Map()));
  return map;
}

/** The folder of an account's staged uploads, beside its cache. */
export function pendingUploadsFolder(acc: Account): string {
  return pendingUploadsFolderOf(acc.file);
}

/** The largest file the account's organization accepts, as its server last said. */
export function maxFileBytes(acc: Account): number {
  return acc.limits().maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Refuses a file larger than the org's limit: INVALID `file`, with both sizes. */
export function requireFileFits(acc: Account, size: number): void {
  const limit = maxFileBytes(acc);
  if (size > limit)
    throw new ProtocolError(
      'INVALID',
      `the file is ${megabytes(size)}, larger than the organization's limit of ${megabytes(limit)}`,
      'file',
    );
}

/** Starts a staged upload (online or not); refused when larger than the org's last known limit. */
export function stageUpload(acc: Account, req: { streamId: string; name: string; size: number }): string {
  requireFileFits(acc, req.size);
  const uploadId = randomUUID();
  const folder = pendingUploadsFolder(acc);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, uploadId);
  // an empty file exists from the start, so a zero-byte attachment uploads as one
  appendFileSync(path, new Uint8Array(0));
  stagedOf(acc).set(uploadId, { ...req, received: 0, path, controller: null });
  return uploadId;
}

function requireStaged(acc: Account, uploadId: string): Staged {
  const staged = stagedOf(acc).get(uploadId);
  if (!staged) throw new ProtocolError('NOT_FOUND', 'no such upload (cancelled or finished)', 'uploadId');
  return staged;
}

/** Appends the next chunk; out of order or past the announced size is INVALID. */
export function appendChunk(acc: Account, req: { uploadId: string; offset: number; data: string }): number {
  const staged = requireStaged(acc, req.uploadId);
  if (staged.controller) throw new ProtocolError('CONFLICT', 'the upload has started', 'uploadId');
  if (req.offset !== staged.received)
    throw new ProtocolError('INVALID', `expected the chunk at offset ${staged.received}`, 'offset');
  const bytes = Buffer.from(req.data, 'base64');
  if (staged.received + bytes.length > staged.size)
    throw new ProtocolError('INVALID', 'more bytes than the file announced', 'data');
  appendFileSync(staged.path, bytes);
  staged.received += bytes.length;
  return staged.received;
}

/** A fully staged upload, taken out of the page's hands (a queued send owns it now). */
export function takeStaged(acc: Account, uploadId: string, streamId: string): Staged {
  const staged = requireStaged(acc, uploadId);
  if (staged.controller) throw new ProtocolError('CONFLICT', 'the upload is running; wait for it', 'uploadIds');
  if (staged.streamId !== streamId)
    throw new ProtocolError('INVALID', 'the file was staged for another stream', 'uploadIds');
  if (staged.received !== staged.size)
    throw new ProtocolError('INVALID', `only ${staged.received} of ${staged.size} bytes were sent`, 'uploadIds');
  return staged;
}

/** Forgets staged uploads without removing their bytes: the cache records them now. */
export function releaseStaged(acc: Account, uploadIds: readonly string[]): void {
  for (const id of uploadIds) stagedOf(acc).delete(id);
}

function forget(acc: Account, uploadId: string, staged: Staged): void {
  stagedOf(acc).delete(uploadId);
  rmSync(staged.path, { force: true });
}

/**
 * Uploads a fully staged file to the server, reporting progress. The staged bytes go once stored, on a
 * cancel (`cancelUpload`: UNAVAILABLE "cancelled") or a refusal; offline or on a cut connection it
 * answers UNAVAILABLE and keeps them, so the page may send the message with the upload waiting.
 */
export async function runUpload(
  acc: Account,
  uploadId: string,
  onProgress: (sent: number, total: number) => void,
): Promise<FileRef> {
  const staged = requireStaged(acc, uploadId);
  if (staged.controller) throw new ProtocolError('CONFLICT', 'the upload has started', 'uploadId');
  if (staged.received !== staged.size)
    throw new ProtocolError('INVALID', `only ${staged.received} of ${staged.size} bytes were sent`, 'uploadId');
  const token = acc.token;
  if (token === null || acc.engine.status().state !== 'live')
    throw new ProtocolError('UNAVAILABLE', 'offline: the file will upload when the message is sent and online');
  staged.controller = new AbortController();
  let lastPush = 0;
  let keep = false;
  try {
    const answer = await uploadFile(
      { serverUrl: acc.serverUrl, token },
      { path: staged.path, size: staged.size, streamId: staged.streamId, name: staged.name, clientId: uploadId },
      (sent) => {
        const now = Date.now();
        if (sent < staged.size && now - lastPush < PROGRESS_INTERVAL_MS) return;
        lastPush = now;
        onProgress(sent, staged.size);
      },
      staged.controller.signal,
    );
    const parsed = fileUploadResponseSchema.safeParse(answer);
    if (!parsed.success) throw new ProtocolError('INTERNAL', 'the server answered the upload with an unexpected shape');
    return parsed.data.file;
  } catch (error) {
    // the network failed, not the file: it stays staged for the outbox
    keep = error instanceof ProtocolError && error.code === 'UNAVAILABLE' && !staged.controller.signal.aborted;
    throw error;
  } finally {
    if (keep) staged.controller = null;
    else forget(acc, uploadId, staged);
  }
}

/** Cancels a staged or running upload; its bytes are removed. Unknown ids are fine (already done). */
export function cancelUpload(acc: Account, uploadId: string): void {
  const staged = stagedOf(acc).get(uploadId);
  if (!staged) return;
  if (staged.controller) staged.controller.abort();
  else forget(acc, uploadId, staged);
}

/** Drops every staged upload of an account (it is signing out): running ones are aborted. */
export function dropUploads(acc: Account): void {
  for (const [id, staged] of stagedOf(acc)) {
    staged.controller?.abort();
    forget(acc, id, staged);
  }
  rmSync(pendingUploadsFolder(acc), { recursive: true, force: true });
}

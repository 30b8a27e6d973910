import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileRef } from '../../../shared/protocol/entities';
import { fileUploadResponseSchema } from '../../../shared/protocol/http';
import { ProtocolError } from '../../../shared/protocol/errors';
import { DEFAULT_MAX_FILE_BYTES } from '../../../shared/protocol/limits';
import type { Account } from '../account';
import { uploadFile } from './fileTransfer';

/*
 * Attaching a file: the page sends its bytes in chunks into a staged file in the account's folder
 * (`pending-uploads/`), then the core streams it to the server. Attaching needs a connection: a file
 * is refused offline at once (UNAVAILABLE), before any byte moves, rather than uploaded later behind
 * the user's back (see docs/client-core.md, "Files"). The org's size limit is checked first too.
 */

/** Fewest milliseconds between two progress pushes of one upload (the last one always goes). */
const PROGRESS_INTERVAL_MS = 50;

interface Staged {
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
  return join(dirname(acc.file), 'pending-uploads');
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

/** Starts a staged upload; refused when too large or when the server cannot be reached now. */
export function stageUpload(acc: Account, req: { streamId: string; name: string; size: number }): string {
  requireFileFits(acc, req.size);
  if (acc.token === null || acc.engine.status().state !== 'live')
    throw new ProtocolError('UNAVAILABLE', 'attaching a file needs a connection to the server; try again when online');
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

function forget(acc: Account, uploadId: string, staged: Staged): void {
  stagedOf(acc).delete(uploadId);
  rmSync(staged.path, { force: true });
}

/**
 * Uploads a fully staged file to the server, reporting progress; the staged bytes go either way.
 * Cancelling (`cancelUpload`) makes it answer UNAVAILABLE "cancelled".
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
  if (token === null) throw new ProtocolError('UNAVAILABLE', 'signed out: sign in to attach files');
  staged.controller = new AbortController();
  let lastPush = 0;
  try {
    const answer = await uploadFile(
      { serverUrl: acc.serverUrl, token },
      { path: staged.path, size: staged.size, streamId: staged.streamId, name: staged.name },
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
  } finally {
    forget(acc, uploadId, staged);
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

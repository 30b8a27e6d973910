/*
 * The file routes (docs/protocol.md, "Files over HTTP"): upload into a stream, download, thumbnail.
 * Same port and session token as the socket (`Authorization: Bearer`), same authorization as posting
 * in and reading the stream, same request budget as the user's sockets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { uuidv7 } from '../../shared/domain/ids';
import { FILE_TOO_LARGE_CODE, ProtocolError, type FileRef } from '../../shared/protocol/index';
import { resolveToken } from '../auth/tokens';
import type { Store } from '../db/store';
import { accessStream, mayReadDirect } from '../domain/access';
import { refuseIfArchived } from '../domain/archive';
import { checkGuidelines } from '../domain/guidelines/enforce';
import { checkSpeech } from '../domain/speech';
import { bearerToken, sendJson } from '../http/respond';
import type { Logger } from '../logger';
import { fileRef, type FileRecord } from '../repositories/files.repository';
import type { UserRecord } from '../repositories/users.repository';
import type { UserBudgets } from '../socket/userBudgets';
import type { ByteRange, FileStore } from './fileStore';
import { thumbnailKey } from './janitor';
import { PREVIEW_MIME_TYPES } from './inspect';
import { receiveUpload } from './upload';

export interface FileRoutesDeps {
  store: Store;
  files: FileStore;
  budgets: UserBudgets;
  log: Logger;
}

/** An HTTP answer other than success: status, code and the offending field. */
export class FileHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const STATUS_OF: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID: 400,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  DEACTIVATED: 401,
};

const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = () => new FileHttpError(404, 'NOT_FOUND', 'no such file');

/** The router: answers /api/files…, or returns false for every other path. */
export function createFileRoutes(deps: FileRoutesDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== '/api/files' && !path.startsWith('/api/files/')) return false;
    const parts = path.split('/').slice(3); // ['', 'api', 'files', ...]
    const method = req.method ?? 'GET';
    let route: (() => Promise<void>) | null = null;
    if (parts.length === 0 && method === 'POST') route = () => upload(deps, req, res);
    else if (parts.length === 1 && (method === 'GET' || method === 'HEAD'))
      route = () => download(deps, req, res, parts[0]!, false);
    else if (parts.length === 2 && parts[1] === 'thumbnail' && (method === 'GET' || method === 'HEAD'))
      route = () => download(deps, req, res, parts[0]!, true);
    if (!route) {
      answerError(res, new FileHttpError(parts.length <= 2 ? 405 : 404, 'NOT_FOUND', 'no such route'));
      return true;
    }
    route().catch((error: unknown) => {
      if (!(error instanceof FileHttpError || error instanceof ProtocolError))
        deps.log.error('file route failed', { error: error instanceof Error ? error.message : String(error) });
      answerError(res, error);
    });
    return true;
  };
}

export function answerError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  let status = 500;
  let body: { code: string; message: string; field?: string } = { code: 'INTERNAL', message: 'internal error' };
  if (error instanceof FileHttpError) {
    status = error.status;
    body = { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  } else if (error instanceof ProtocolError) {
    status = STATUS_OF[error.code] ?? 500;
    body = { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  }
  // The body of a refused upload may still be arriving: close rather than read it all.
  sendJson(res, status, { error: body }, status === 413 || status >= 500 ? { connection: 'close' } : {});
}

/** The caller of a session token; 401 otherwise. */
export async function authenticate(
  deps: Pick<FileRoutesDeps, 'store' | 'budgets'>,
  req: IncomingMessage,
): Promise<UserRecord> {
  const user = await deps.store.withTransaction(
    async (tx) => {
      const record = await resolveToken(tx, bearerToken(req), Date.now());
      return record ? tx.users.get(record.userId) : null;
    },
    { readOnly: true },
  );
  if (!user) throw new FileHttpError(401, 'UNAUTHENTICATED', 'a session token is needed (Authorization: Bearer)');
  if (!deps.budgets.budgetFor(user.id).general.take())
    throw new FileHttpError(429, 'RATE_LIMITED', 'too many requests; slow down');
  return user;
}

/** A file name as given, reduced to its last path segment, without control characters, at most 255 characters. */
function fileName(raw: string | null): string {
  const name = (raw ?? '')
    .split(/[/\\]/)
    .pop()!
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  if (name === '' || name === '.' || name === '..' || name.length > 255)
    throw new FileHttpError(400, 'INVALID', 'name: 1 to 255 characters, not a path', 'name');
  return name;
}

async function upload(deps: FileRoutesDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const user = await authenticate(deps, req);
  const query = new URL(req.url ?? '/', 'http://files.invalid').searchParams;
  // one of each: with two, which one the authorization read and which one the row got could differ
  const only = (key: string) => {
    const values = query.getAll(key);
    return values.length === 1 ? values[0]! : null;
  };
  const streamId = only('stream') ?? '';
  if (!ID_RE.test(streamId)) throw new FileHttpError(400, 'INVALID', 'stream: a stream id is needed', 'stream');
  const name = fileName(only('name'));
  const lengthHeader = req.headers['content-length'];
  if (lengthHeader === undefined || !/^\d{1,15}$/.test(lengthHeader))
    throw new FileHttpError(400, 'INVALID', 'Content-Length is required', 'content-length');
  const declared = Number(lengthHeader);
  const maxBytes = await deps.store.withTransaction(
    async (tx) => {
      try {
        const access = await accessStream(tx, user, streamId);
        // an archived team takes no new files (they could only be attached to a refused post)
        await refuseIfArchived(tx, access.stream);
        // the rules of posting there: the org stream's speech policy, a team's unacknowledged guidelines
        await checkSpeech(tx, user, access, '');
        await checkGuidelines(tx, user, access);
        return await tx.files.maxFileBytes(access.stream.orgId);
      } catch (error) {
        // a stream the caller cannot read is one they cannot post in: no difference told
        if (error instanceof ProtocolError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN'))
          throw new FileHttpError(403, 'FORBIDDEN', `cannot post files in this stream: ${error.message}`, 'stream');
        throw error;
      }
    },
    { readOnly: true },
  );
  const clientId = only('clientId');
  if (query.has('clientId') && (clientId === null || !ID_RE.test(clientId)))
    throw new FileHttpError(400, 'INVALID', 'clientId: a UUID, given once', 'clientId');
  if (clientId !== null) {
    const stored = await storedUpload(deps, user, clientId, streamId);
    if (stored) {
      // a retry of an upload that was stored (its answer was lost): the same file, its bytes not read again
      req.resume();
      sendJson(res, 200, { file: fileRef(stored) satisfies FileRef });
      return;
    }
  }
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const id = uuidv7(Date.now());
  const received = await receiveUpload(
    req,
    deps.files,
    id,
    declared,
    maxBytes,
    () => tooLarge(maxBytes),
    () => new FileHttpError(400, 'INVALID', 'the body ended before Content-Length bytes', 'content-length'),
  );
  const record = {
    id,
    orgId: user.orgId,
    streamId,
    uploaderId: user.id,
    storageKey: id,
    name,
    size: received.size,
    mime: received.mime,
    width: received.image?.width ?? null,
    height: received.image?.height ?? null,
    hasThumbnail: received.image !== null,
    createdAt: Date.now(),
    ...(clientId !== null ? { clientId } : {}),
  };
  let winner: FileRecord | null;
  try {
    winner = await deps.store.withTransaction(async (tx) => {
      if (clientId !== null) {
        const earlier = await tx.files.byClientId(user.id, clientId);
        // two attempts of one upload arrived together and the other one was stored first
        if (earlier && earlier.deletedAt === null) return earlier;
        // an upload deleted meanwhile (swept unattached, or its message deleted) leaves its id to this one
        if (earlier) await tx.files.releaseClientId(earlier.id);
      }
      await tx.files.insert(record);
      return null;
    });
  } catch (error) {
    await dropBytes(deps, id);
    // PostgreSQL: the other attempt committed between our look and our insert (unique key)
    const stored = clientId !== null ? await storedUpload(deps, user, clientId, streamId) : null;
    if (!stored) throw error;
    winner = stored;
  }
  if (winner) {
    await dropBytes(deps, id);
    sendJson(res, 200, { file: fileRef(winner) satisfies FileRef });
    return;
  }
  sendJson(res, 201, { file: fileRef({ ...record, messageId: null, deletedAt: null }) satisfies FileRef });
}

async function dropBytes(deps: FileRoutesDeps, key: string): Promise<void> {
  await deps.files.delete(key);
  await deps.files.delete(thumbnailKey(key));
}

/**
 * The live upload this user already stored under `clientId`, or null. The same id for another stream
 * is a client bug, never a retry: CONFLICT rather than a file of the wrong stream.
 */
async function storedUpload(
  deps: FileRoutesDeps,
  user: UserRecord,
  clientId: string,
  streamId: string,
): Promise<FileRecord | null> {
  const stored = await deps.store.withTransaction((tx) => tx.files.byClientId(user.id, clientId), { readOnly: true });
  if (!stored || stored.deletedAt !== null) return null;
  if (stored.streamId !== streamId)
    throw new FileHttpError(409, 'CONFLICT', 'clientId: already used for an upload into another stream', 'clientId');
  return stored;
}

function tooLarge(maxBytes: number): FileHttpError {
  return new FileHttpError(413, FILE_TOO_LARGE_CODE, `files may be at most ${maxBytes} bytes`, 'file');
}

/**
 * The file if the caller may read it: through its message's stream once attached (a deleted file or
 * message is gone), only its uploader before. Everything else is the same 404, so an id tells an
 * outsider nothing.
 */
async function readableFile(deps: FileRoutesDeps, user: UserRecord, id: string): Promise<FileRecord> {
  if (!ID_RE.test(id)) throw NOT_FOUND();
  return deps.store.withTransaction(
    async (tx) => {
      const file = await tx.files.get(id);
      if (!file || file.deletedAt !== null || file.orgId !== user.orgId) throw NOT_FOUND();
      if (file.messageId === null) {
        if (file.uploaderId !== user.id) throw NOT_FOUND();
        return file;
      }
      const found = await tx.streams.getWithTeam(file.streamId, user.id);
      if (!found || !(await mayReadDirect(tx, found, user))) throw NOT_FOUND();
      if (found.stream.kind === 'team' && found.role === null) throw NOT_FOUND();
      return file;
    },
    { readOnly: true },
  );
}

/** Inclusive byte range of a `Range: bytes=a-b` header within `size`; null for none or one we do not serve. */
function byteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

/** An RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function download(
  deps: FileRoutesDeps,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  thumbnail: boolean,
): Promise<void> {
  const user = await authenticate(deps, req);
  const file = await readableFile(deps, user, id);
  if (thumbnail && !file.hasThumbnail) throw NOT_FOUND();
  const headers: Record<string, string | number> = {
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, max-age=3600',
    // a file is data, never a page of ours: no scripts, no plugins, even if a browser renders it
    'content-security-policy': "default-src 'none'; sandbox",
  };
  if (thumbnail) {
    const bytes = await deps.files.get(thumbnailKey(file.storageKey));
    if (!bytes) throw NOT_FOUND();
    res.writeHead(200, { ...headers, 'content-type': 'image/webp' });
    if (req.method === 'HEAD') {
      bytes.destroy();
      res.end();
      return;
    }
    sendBytes(bytes, res);
    return;
  }
  const range = byteRange(req.headers.range, file.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${file.size}` });
    res.end();
    return;
  }
  const bytes = file.size === 0 ? null : await deps.files.get(file.storageKey, range ?? undefined);
  if (!bytes && file.size > 0) throw NOT_FOUND();
  headers['content-type'] = file.mime;
  headers['content-disposition'] = contentDisposition(
    PREVIEW_MIME_TYPES.has(file.mime) ? 'inline' : 'attachment',
    file.name,
  );
  headers['accept-ranges'] = 'bytes';
  headers['content-length'] = range ? range.end - range.start + 1 : file.size;
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${file.size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (!bytes || req.method === 'HEAD') {
    bytes?.destroy();
    res.end();
    return;
  }
  sendBytes(bytes, res);
}

/**
 * Streams stored bytes to the client. `pipeline`, not `pipe`: a client that goes away destroys the
 * source too, which closes its file (disk) or ends its reads (database) now instead of at garbage
 * collection; a failing source cuts the response short, the only signal left once headers are out.
 */
function sendBytes(bytes: Readable, res: ServerResponse): void {
  pipeline(bytes, res, () => undefined);
}

import { createReadStream } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { errorCodeSchema, ProtocolError } from '../../../shared/protocol/errors';
import { httpErrorBodySchema } from '../../../shared/protocol/http';

/*
 * The HTTP half of files: uploads and downloads on the server's files routes with the session token
 * (`Authorization: Bearer`). Node's http client, not fetch: an upload streams from the staged file on
 * disk and counts the bytes as the socket takes them, which is what a progress bar must show, and an
 * AbortSignal cancels either direction at once.
 */

/** Longest a download may take before it counts as unavailable (a large file on a slow link is fine). */
const DOWNLOAD_TIMEOUT_MS = 120_000;

/** Where and as whom: the account's server and token. */
export interface FileEndpoint {
  serverUrl: string;
  token: string;
}

/** A refusal or a network failure as the one error class; cancelled transfers are `UNAVAILABLE` "cancelled". */
export function transferError(error: unknown, signal: AbortSignal | undefined): ProtocolError {
  if (error instanceof ProtocolError) return error;
  if (signal?.aborted) return new ProtocolError('UNAVAILABLE', 'cancelled');
  const message = error instanceof Error ? error.message : String(error);
  return new ProtocolError('UNAVAILABLE', `cannot reach the server: ${message}`);
}

/** The server's `{ error }` body as a ProtocolError (a 413 is INVALID `file`: it is too large). */
export async function refusal(res: IncomingMessage): Promise<ProtocolError> {
  const text = await readAll(res).then(
    (b) => b.toString('utf8'),
    () => '',
  );
  const parsed = httpErrorBodySchema.safeParse(parseJsonOrNull(text));
  const status = res.statusCode ?? 0;
  const error = parsed.success ? parsed.data.error : null;
  const message = error?.message ?? `the server answered HTTP ${status}`;
  if (status === 413) return new ProtocolError('INVALID', message, 'file');
  const code = errorCodeSchema.safeParse(error?.code);
  if (code.success) return new ProtocolError(code.data, message, error?.field);
  if (status === 401) return new ProtocolError('UNAUTHENTICATED', message);
  if (status === 403) return new ProtocolError('FORBIDDEN', message);
  if (status === 404) return new ProtocolError('NOT_FOUND', message);
  if (status >= 400 && status < 500) return new ProtocolError('INVALID', message, error?.field);
  return new ProtocolError('UNAVAILABLE', message);
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

export function requester(url: URL): typeof httpRequest {
  return url.protocol === 'https:' ? httpsRequest : httpRequest;
}

/**
 * Uploads a staged file (`path`, `size` bytes) to a stream, named by `clientId` when given; resolves
 * the server's JSON answer (`{ file }`).
 * `onProgress` hears the bytes sent so far; the signal aborts the upload.
 */
export function uploadFile(
  endpoint: FileEndpoint,
  upload: { path: string; size: number; streamId: string; name: string; clientId?: string },
  onProgress: (sent: number) => void,
  signal?: AbortSignal,
): Promise<unknown> {
  const url = new URL('/api/files', endpoint.serverUrl);
  url.searchParams.set('stream', upload.streamId);
  url.searchParams.set('name', upload.name);
  // the server answers a retry with this id with the file it stored, never a second copy
  if (upload.clientId !== undefined) url.searchParams.set('clientId', upload.clientId);
  return new Promise<unknown>((resolve, reject) => {
    const req = requester(url)(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${endpoint.token}`,
        'content-type': 'application/octet-stream',
        'content-length': String(upload.size),
      },
      ...(signal ? { signal } : {}),
    });
    const fail = (error: unknown) => reject(transferError(error, signal));
    req.on('error', fail);
    req.on('response', (res) => {
      if ((res.statusCode ?? 0) >= 300) {
        void refusal(res).then(reject);
        return;
      }
      readAll(res)
        .then((body) => resolve(JSON.parse(body.toString('utf8')) as unknown))
        .catch(fail);
    });
    let sent = 0;
    const source = createReadStream(upload.path);
    source.on('data', (chunk: Buffer | string) => {
      sent += chunk.length;
      onProgress(sent);
    });
    source.on('error', (error) => {
      req.destroy(error);
      fail(error);
    });
    // the server may refuse early (413 from Content-Length) and close: stop reading then
    req.on('close', () => source.destroy());
    source.pipe(req);
  });
}

/** A downloaded file or thumbnail: its bytes and the type the server detected. */
export interface Downloaded {
  mime: string;
  data: Buffer;
}

/** Downloads `GET /api/files/:id` (or its `/thumbnail`); NOT_FOUND when missing or not mine to read. */
export function downloadFile(
  endpoint: FileEndpoint,
  fileId: string,
  variant: 'file' | 'thumbnail',
  signal?: AbortSignal,
): Promise<Downloaded> {
  const path = `/api/files/${encodeURIComponent(fileId)}${variant === 'thumbnail' ? '/thumbnail' : ''}`;
  const url = new URL(path, endpoint.serverUrl);
  const limit = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, limit]) : limit;
  return new Promise<Downloaded>((resolve, reject) => {
    const req = requester(url)(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${endpoint.token}` },
      signal: combined,
    });
    req.on('error', (error) => reject(transferError(error, signal)));
    req.on('response', (res) => {
      if ((res.statusCode ?? 0) >= 300) {
        void refusal(res).then(reject);
        return;
      }
      readAll(res)
        .then((data) => resolve({ mime: res.headers['content-type'] ?? 'application/octet-stream', data }))
        .catch((error: unknown) => reject(transferError(error, signal)));
    });
    req.end();
  });
}

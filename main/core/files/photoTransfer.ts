import type { IncomingMessage } from 'node:http';
import { ProtocolError } from '../../../shared/protocol/errors';
import { PROFILE_PHOTO } from '../../../shared/protocol/profiles';
import { readAll, refusal, requester, transferError, type FileEndpoint } from './fileTransfer';

/*
 * The HTTP half of profile photos (docs/protocol.md, "Profile photos"): set or remove mine, fetch a
 * person's with the ETag of the copy I have, so an unchanged photo costs a 304 and no bytes.
 */

/** Longest a photo request may take: photos are small. */
const PHOTO_TIMEOUT_MS = 30_000;

function send(
  endpoint: FileEndpoint,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<IncomingMessage> {
  const url = new URL(path, endpoint.serverUrl);
  const signal = AbortSignal.timeout(PHOTO_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    const req = requester(url)(url, {
      method,
      headers: { ...headers, authorization: `Bearer ${endpoint.token}` },
      signal,
    });
    req.on('error', (error) => reject(transferError(error, undefined)));
    req.on('response', resolve);
    req.end(body);
  });
}

/** The server's refusal; a 413 names the photo, whose limit it is. */
async function photoRefusal(res: IncomingMessage): Promise<ProtocolError> {
  const error = await refusal(res);
  if (res.statusCode === 413)
    return new ProtocolError('INVALID', `a photo may be at most ${PROFILE_PHOTO.maxBytes} bytes`, 'photo');
  return error;
}

/** Makes `bytes` my photo; answers its id. */
export async function uploadPhoto(endpoint: FileEndpoint, bytes: Buffer): Promise<string> {
  const res = await send(
    endpoint,
    'PUT',
    '/api/profile/photo',
    { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
    bytes,
  );
  if ((res.statusCode ?? 0) >= 300) throw await photoRefusal(res);
  const answer = JSON.parse((await readAll(res)).toString('utf8')) as { photoId: string };
  return answer.photoId;
}

/** Removes my photo. */
export async function deletePhoto(endpoint: FileEndpoint): Promise<void> {
  const res = await send(endpoint, 'DELETE', '/api/profile/photo', {});
  if ((res.statusCode ?? 0) >= 300) throw await photoRefusal(res);
  res.resume();
}

/** What the server said of a photo: new bytes, "the copy you have is current", or none for me. */
export type FetchedPhoto = { state: 'photo'; photoId: string; data: Buffer } | { state: 'current' } | { state: 'none' };

/** Fetches a person's photo; `etag` is the one of the copy I have, if any. */
export async function fetchPhoto(
  endpoint: FileEndpoint,
  userId: string,
  size: 'small' | 'large',
  etag: string | null,
): Promise<FetchedPhoto> {
  const path = `/api/profiles/${encodeURIComponent(userId)}/photo${size === 'small' ? '?size=small' : ''}`;
  const res = await send(endpoint, 'GET', path, etag ? { 'if-none-match': etag } : {});
  const status = res.statusCode ?? 0;
  if (status === 304) {
    res.resume();
    return { state: 'current' };
  }
  if (status === 404) {
    res.resume();
    return { state: 'none' };
  }
  if (status >= 300) throw await photoRefusal(res);
  const tag = String(res.headers.etag ?? '');
  // the ETag is the photo id in quotes (the small size's with `.small` after it)
  const photoId = /^"([0-9a-f-]{36})/i.exec(tag)?.[1] ?? '';
  return { state: 'photo', photoId, data: await readAll(res) };
}

/** The ETag the server gives a photo of this id and size. */
export function photoEtag(photoId: string, size: 'small' | 'large'): string {
  return `"${photoId}${size === 'small' ? '.small' : ''}"`;
}

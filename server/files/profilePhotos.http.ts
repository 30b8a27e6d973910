/*
 * The profile photo routes (docs/protocol.md, "Profile photos"): set or remove my photo, fetch a
 * person's. Same session token, budget and error answers as the file routes; the bytes go through
 * the same FileStore, so they live beside the database (SQLite) or in it (PostgreSQL, every node).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { uuidv7 } from '../../shared/domain/ids';
import { FILE_TOO_LARGE_CODE, PROFILE_PHOTO, ProtocolError } from '../../shared/protocol/index';
import type { Store } from '../db/store';
import { createEffects, type EffectSink } from '../domain/effects';
import { readablePhotoId, setProfilePhoto } from '../domain/profilePhotos';
import { sendJson } from '../http/respond';
import type { Logger } from '../logger';
import type { UserBudgets } from '../socket/userBudgets';
import type { FileStore } from './fileStore';
import { answerError, authenticate, FileHttpError } from './files.http';
import { thumbnailKey } from './janitor';
import { makeProfilePhoto, UnusablePhotoError } from './profilePhoto';

export interface PhotoRoutesDeps {
  store: Store;
  files: FileStore;
  budgets: UserBudgets;
  log: Logger;
  sink: () => EffectSink;
}

const MY_PHOTO = '/api/profile/photo';
const PHOTO_OF = /^\/api\/profiles\/([0-9a-f-]{36})\/photo$/i;

/** The router: answers the photo paths, or returns false for every other one. */
export function createPhotoRoutes(deps: PhotoRoutesDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const ownerId = PHOTO_OF.exec(path)?.[1];
    let route: (() => Promise<void>) | null = null;
    if (path === MY_PHOTO && method === 'PUT') route = () => putPhoto(deps, req, res);
    else if (path === MY_PHOTO && method === 'DELETE') route = () => removePhoto(deps, req, res);
    else if (ownerId && (method === 'GET' || method === 'HEAD')) route = () => getPhoto(deps, req, res, ownerId);
    else if (path !== MY_PHOTO && !ownerId) return false;
    if (!route) {
      answerError(res, new FileHttpError(405, 'NOT_FOUND', 'no such route'));
      return true;
    }
    route().catch((error: unknown) => {
      if (!(error instanceof FileHttpError || error instanceof ProtocolError))
        deps.log.error('photo route failed', { error: error instanceof Error ? error.message : String(error) });
      answerError(res, error);
    });
    return true;
  };
}

function tooLarge(): FileHttpError {
  return new FileHttpError(413, FILE_TOO_LARGE_CODE, `a photo may be at most ${PROFILE_PHOTO.maxBytes} bytes`, 'photo');
}

/** The whole body, refused (413) as soon as it is larger than a photo may be. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > PROFILE_PHOTO.maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > PROFILE_PHOTO.maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function removeBytes(deps: PhotoRoutesDeps, photoId: string | null): Promise<void> {
  if (photoId === null) return;
  try {
    await deps.files.delete(photoId);
    await deps.files.delete(thumbnailKey(photoId));
  } catch (error) {
    // unreachable bytes: nothing names them any more, so only disk space is lost
    deps.log.warn('photo clean-up failed', { error: error instanceof Error ? error.message : String(error) });
  }
}

/** Sets the caller's photo (or none) in one unit of work, pushes the change after it committed. */
async function commitPhoto(
  deps: PhotoRoutesDeps,
  userId: string,
  photoId: string | null,
): Promise<{ previous: string | null }> {
  const effects = createEffects();
  const previous = await deps.store.withTransaction(async (tx) => {
    const user = await tx.users.get(userId);
    if (!user) throw new FileHttpError(401, 'UNAUTHENTICATED', 'no such user');
    return setProfilePhoto(tx, user, photoId, Date.now(), effects);
  });
  deps.sink()(effects);
  await removeBytes(deps, previous);
  return { previous };
}

async function putPhoto(deps: PhotoRoutesDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const user = await authenticate(deps, req);
  const bytes = await readBody(req);
  let sizes;
  try {
    sizes = await makeProfilePhoto(bytes);
  } catch (error) {
    if (error instanceof UnusablePhotoError) throw new FileHttpError(400, 'INVALID', error.message, 'photo');
    throw error;
  }
  const photoId = uuidv7(Date.now());
  try {
    await deps.files.put(photoId, [sizes.large]);
    await deps.files.put(thumbnailKey(photoId), [sizes.small]);
    await commitPhoto(deps, user.id, photoId);
  } catch (error) {
    await removeBytes(deps, photoId);
    throw error;
  }
  sendJson(res, 200, { photoId });
}

async function removePhoto(deps: PhotoRoutesDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const user = await authenticate(deps, req);
  await commitPhoto(deps, user.id, null);
  res.writeHead(204);
  res.end();
}

/**
 * A person's photo, `?size=small` for the avatar size. Hidden from the caller, or none: the same 404
 * as a user that does not exist. The ETag is the photo's id, so a client's copy answers 304.
 */
async function getPhoto(
  deps: PhotoRoutesDeps,
  req: IncomingMessage,
  res: ServerResponse,
  ownerId: string,
): Promise<void> {
  const user = await authenticate(deps, req);
  const small = new URL(req.url ?? '/', 'http://photos.invalid').searchParams.get('size') === 'small';
  const photoId = await deps.store.withTransaction((tx) => readablePhotoId(tx, user, ownerId), { readOnly: true });
  const etag = `"${photoId}${small ? '.small' : ''}"`;
  const headers = {
    'x-content-type-options': 'nosniff',
    // private: another viewer may not be allowed to see it; no-cache: a visibility change takes effect at once
    'cache-control': 'private, no-cache',
    'content-security-policy': "default-src 'none'; sandbox",
    etag,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const bytes = await deps.files.get(small ? thumbnailKey(photoId) : photoId);
  if (!bytes) throw new FileHttpError(404, 'NOT_FOUND', 'no photo');
  res.writeHead(200, { ...headers, 'content-type': 'image/webp' });
  if (req.method === 'HEAD') {
    bytes.destroy();
    res.end();
    return;
  }
  bytes.on('error', () => res.destroy());
  bytes.pipe(res);
}

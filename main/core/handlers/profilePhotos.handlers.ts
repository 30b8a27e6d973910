import { ProtocolError } from '../../../shared/protocol/errors';
import { PROFILE_PHOTO } from '../../../shared/protocol/profiles';
import type { Account } from '../account';
import { cachedPhoto, confirmPhoto, forgetPhoto, storePhoto, type CachedPhoto } from '../cache/profilePhotos';
import type { FileEndpoint } from '../files/fileTransfer';
import { deletePhoto, fetchPhoto, photoEtag, uploadPhoto } from '../files/photoTransfer';
import type { Handler } from './context';

/*
 * Profile photos through the core: mine is set and removed online only (like every profile change:
 * nothing about privacy is queued), and avatars come from the offline cache, checked against the
 * server now and then and forgotten as soon as a push says the photo changed or is hidden from me.
 */

/** How long a cached avatar is shown without asking the server (a push makes it sooner). */
export const PHOTO_RECHECK_MS = 60 * 60 * 1000;

/** A photo being received in chunks, per account (one at a time: a new first chunk starts over). */
const incoming = new WeakMap<Account, { chunks: Buffer[]; received: number; total: number }>();

function endpointOf(acc: Account): FileEndpoint | null {
  const token = acc.token;
  return token !== null && acc.engine.online ? { serverUrl: acc.serverUrl, token } : null;
}

function needEndpoint(acc: Account): FileEndpoint {
  const endpoint = endpointOf(acc);
  if (!endpoint) throw new ProtocolError('UNAVAILABLE', 'changing the photo needs a connection to the server');
  return endpoint;
}

const dataUrl = (data: Buffer | null) => (data ? `data:image/webp;base64,${data.toString('base64')}` : null);

/** `profile:setPhoto`: collects the chunks; the last one sends the photo to the server. */
export const profileSetPhoto: Handler<'profile:setPhoto'> = async (ctx, req) => {
  const acc = ctx.account();
  if (req.total > PROFILE_PHOTO.maxBytes)
    throw new ProtocolError('INVALID', `a photo may be at most ${PROFILE_PHOTO.maxBytes} bytes`, 'photo');
  const endpoint = needEndpoint(acc);
  if (req.offset === 0) incoming.set(acc, { chunks: [], received: 0, total: req.total });
  const state = incoming.get(acc);
  const bytes = Buffer.from(req.data, 'base64');
  if (!state || state.total !== req.total || state.received !== req.offset) {
    incoming.delete(acc);
    throw new ProtocolError('INVALID', 'photo chunks out of order; start again', 'offset');
  }
  state.chunks.push(bytes);
  state.received += bytes.length;
  if (state.received > state.total) {
    incoming.delete(acc);
    throw new ProtocolError('INVALID', 'more bytes than the photo was said to have', 'data');
  }
  if (state.received < state.total) return { photoId: null };
  incoming.delete(acc);
  const photoId = await uploadPhoto(endpoint, Buffer.concat(state.chunks));
  // my own avatar: fetched again (the push to my devices says the same, a moment later)
  if (acc.db.open) forgetPhoto(acc.db, acc.userId);
  ctx.changed([], ['photos']);
  return { photoId };
};

/** `profile:removePhoto`: removes my photo on the server. */
export const profileRemovePhoto: Handler<'profile:removePhoto'> = async (ctx) => {
  const acc = ctx.account();
  await deletePhoto(needEndpoint(acc));
  if (acc.db.open) forgetPhoto(acc.db, acc.userId);
  ctx.changed([], ['photos']);
  return {};
};

/** `profile:photo`: a person's photo as I may see it, or null. */
export const profilePhoto: Handler<'profile:photo'> = async (ctx, { userId, size }) => {
  const acc = ctx.account();
  const now = Date.now();
  const endpoint = endpointOf(acc);
  if (size === 'large' && endpoint) {
    const large = await fetchOrNull(() => fetchPhoto(endpoint, userId, 'large', null));
    if (large?.state === 'photo') return { dataUrl: dataUrl(large.data) };
    if (large?.state === 'none') {
      if (acc.db.open) storePhoto(acc.db, userId, null, now);
      return { dataUrl: null };
    }
  }
  // offline, the card shows the avatar size: better than initials
  const cached = cachedPhoto(acc.db, userId, now);
  if (!endpoint || (cached && now - cached.checkedAt < PHOTO_RECHECK_MS))
    return { dataUrl: dataUrl(cached?.data ?? null) };
  return { dataUrl: await refreshSmall(acc, endpoint, userId, cached, now) };
};

/** Asks the server about a cached (or unknown) avatar and records its answer. */
async function refreshSmall(
  acc: Account,
  endpoint: FileEndpoint,
  userId: string,
  cached: CachedPhoto | null,
  now: number,
): Promise<string | null> {
  const etag = cached?.photoId ? photoEtag(cached.photoId, 'small') : null;
  const got = await fetchOrNull(() => fetchPhoto(endpoint, userId, 'small', etag));
  // unreachable meanwhile: what the cache has is what there is
  if (got === null || !acc.db.open) return dataUrl(cached?.data ?? null);
  if (got.state === 'current') {
    confirmPhoto(acc.db, userId, now);
    return dataUrl(cached?.data ?? null);
  }
  storePhoto(acc.db, userId, got.state === 'photo' ? { photoId: got.photoId, data: got.data } : null, now);
  return got.state === 'photo' ? dataUrl(got.data) : null;
}

/** The fetch's answer, or null when the server cannot be reached (then the cache answers). */
async function fetchOrNull<T>(fetch: () => Promise<T>): Promise<T | null> {
  try {
    return await fetch();
  } catch (error) {
    if (error instanceof ProtocolError && error.code === 'UNAVAILABLE') return null;
    throw error;
  }
}

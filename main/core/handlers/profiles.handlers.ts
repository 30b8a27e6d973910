import { ProtocolError } from '../../../shared/protocol/errors';
import { forgetPhoto, reconcilePhoto } from '../cache/profilePhotos';
import { cachedProfile, forgetProfile, storeProfile } from '../cache/profiles';
import { unwrap, type Handler } from './context';

/*
 * Profiles are read from the server when online and cached as shown, so a card opens offline with
 * what I could last see. Changes are online only: a profile is about privacy, and a visibility
 * narrowed offline that took effect only at the next connect would leave a field shown meanwhile
 * while the app claimed it hidden; so offline the change is refused and nothing is queued.
 */

/** `profile:get`: a person's profile, as the server lets me see it, or as it last did. */
export const profileGet: Handler<'profile:get'> = async (ctx, req) => {
  const acc = ctx.account();
  if (acc.engine.online) {
    const ack = await acc.engine.request('profile:get', req);
    // a connection lost on the way answers from the cache, like being offline
    if (ack.ok || ack.error.code !== 'UNAVAILABLE') {
      if (!ack.ok && ack.error.code === 'NOT_FOUND') {
        forgetProfile(acc.db, req.userId);
        forgetPhoto(acc.db, req.userId);
      }
      const res = unwrap(ack);
      const now = Date.now();
      storeProfile(acc.db, res.profile, res.visibility ?? null, now);
      // a photo the card no longer names (hidden from me, or replaced) leaves the avatar cache
      if (reconcilePhoto(acc.db, req.userId, res.profile.photoId)) ctx.changed([], ['photos']);
      return { ...res, source: 'server', fetchedAt: now };
    }
  }
  const cached = cachedProfile(acc.db, req.userId);
  if (!cached) return { profile: null, source: 'cache', fetchedAt: null };
  return {
    profile: cached.profile,
    ...(cached.visibility ? { visibility: cached.visibility } : {}),
    source: 'cache',
    fetchedAt: cached.fetchedAt,
  };
};

/** `profile:update`: changes my profile on the server; refused offline (UNAVAILABLE), never queued. */
export const profileUpdate: Handler<'profile:update'> = async (ctx, req) => {
  const acc = ctx.account();
  if (!acc.engine.online)
    throw new ProtocolError('UNAVAILABLE', 'profile changes need a connection to the server; nothing was changed');
  const res = unwrap(await acc.engine.request('profile:update', req));
  storeProfile(acc.db, res.profile, res.visibility, Date.now());
  return res;
};

import { queuePhotoChange } from '../domain/profilePhotos';
import { profileFor, relationTo, storedProfile, updateProfile } from '../domain/profiles';
import type { Handler } from './context';

/** `profile:get`: a person of my organization, with only the fields they let me see. */
export const profileGet: Handler<'profile:get'> = async (ctx, { userId }) => {
  const { owner, relation } = await relationTo(ctx.tx, ctx.user, userId);
  const record = await storedProfile(ctx.tx, owner);
  const profile = profileFor(record, relation);
  return relation === 'self' ? { profile, visibility: record.visibility } : { profile };
};

/** `profile:update`: changes my own profile (there is no way to name anyone else's). */
export const profileUpdate: Handler<'profile:update'> = async (ctx, update) => {
  const stored = await storedProfile(ctx.tx, ctx.user);
  const before = stored.displayName;
  const answer = await updateProfile(ctx.tx, ctx.user, update, ctx.now);
  const photoShown = { before: stored.visibility.photo, after: answer.visibility.photo };
  // a photo shown to others now, or no longer: their apps fetch it, or drop their copy
  if (stored.photoId !== null && photoShown.before !== photoShown.after)
    await queuePhotoChange(
      ctx.tx,
      ctx.user,
      answer.profile.displayName,
      photoShown.before,
      photoShown.after,
      ctx.effects,
    );
  if (answer.profile.displayName !== before) {
    // everyone of the organization reads its org stream: its room reaches every colleague's sockets
    const orgStream = await ctx.tx.streams.getOrgStream(ctx.user.orgId);
    if (orgStream)
      ctx.effects.displayNames.push({
        streamId: orgStream.id,
        userId: ctx.user.id,
        displayName: answer.profile.displayName,
      });
  }
  return answer;
};

import { ProtocolError, type ProfileVisibility } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { UserRecord } from '../repositories/users.repository';
import type { Effects } from './effects';
import { relationTo, storedProfile, visibleTo } from './profiles';

/*
 * The profile photo: who may fetch it and who is told that it changed. It follows the rule of every
 * other field (server/domain/profiles.ts): a viewer its visibility does not admit gets the answer of
 * a user without a photo, so a 404 never tells them one exists.
 */

/** The id of the photo `ownerId` has and the viewer may see; NOT_FOUND when there is none or it is hidden. */
export async function readablePhotoId(tx: Tx, viewer: UserRecord, ownerId: string): Promise<string> {
  const { owner, relation } = await relationTo(tx, viewer, ownerId);
  const record = await storedProfile(tx, owner);
  if (record.photoId === null || !visibleTo(record.visibility.photo, relation))
    throw new ProtocolError('NOT_FOUND', 'no photo', 'userId');
  return record.photoId;
}

/**
 * Makes `photoId` the user's photo (null removes it), audits that (never the image: admins read the
 * trail) and queues the push. Answers the replaced photo's id, whose bytes the caller removes once
 * this has committed.
 */
export async function setProfilePhoto(
  tx: Tx,
  user: UserRecord,
  photoId: string | null,
  now: number,
  effects: Effects,
): Promise<string | null> {
  const current = await storedProfile(tx, user);
  // the photo hangs off the profile row: a user who never edited theirs gets one with the defaults
  if (current.updatedAt === 0) await tx.profiles.put({ ...current, updatedAt: now });
  const previous = await tx.profiles.setPhoto(user.id, photoId, now);
  await tx.audit.insert({
    at: now,
    orgId: user.orgId,
    actorId: user.id,
    action: photoId === null ? 'profile.photo.remove' : 'profile.photo.set',
    target: user.id,
    detail: {},
  });
  const visibility = current.visibility.photo;
  await queuePhotoChange(tx, user, current.displayName, visibility, visibility, effects);
  return previous;
}

/**
 * Queues `profile:changed { photo: true }` for everyone who may see the photo under either
 * visibility (so those it is now hidden from drop their copy) and for the owner's other devices;
 * nobody else hears of it.
 */
export async function queuePhotoChange(
  tx: Tx,
  owner: UserRecord,
  displayName: string,
  before: ProfileVisibility,
  after: ProfileVisibility,
  effects: Effects,
): Promise<void> {
  const shown = [before, after];
  const change = { userId: owner.id, displayName };
  if (shown.includes('org')) {
    const orgStream = await tx.streams.getOrgStream(owner.orgId);
    effects.photoChanges.push({ ...change, streamId: orgStream?.id ?? null, userIds: [owner.id] });
    return;
  }
  const userIds = new Set([owner.id]);
  if (shown.includes('teams'))
    for (const team of await tx.teams.listForUser(owner.id))
      for (const memberId of await tx.teams.memberIds(team.id)) userIds.add(memberId);
  effects.photoChanges.push({ ...change, streamId: null, userIds: [...userIds] });
}

import {
  DEFAULT_PROFILE_VISIBILITY,
  PROFILE_FIELDS,
  ProtocolError,
  withVisibility,
  type FullVisibility,
  type Profile,
  type ProfileField,
  type ProfileUpdate,
  type ProfileValues,
  type ProfileVisibility,
} from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { ProfileRecord } from '../repositories/profiles.repository';
import type { UserRecord } from '../repositories/users.repository';

/*
 * Who sees which field of a profile. The one rule: a field is in an answer only when its owner's
 * visibility for it admits the viewer; otherwise it is left out of the object (not null, not empty),
 * so nothing on the wire tells a viewer that a hidden field is even set. Org admins and compliance
 * get no more than any colleague: a profile is personal data, not a stream they oversee.
 */

/** How a viewer stands to a profile's owner. Another organization never gets this far (NOT_FOUND). */
export type ProfileRelation = 'self' | 'teammate' | 'colleague';

/** Whether a field with this visibility is shown to a viewer with this relation. */
export function visibleTo(visibility: ProfileVisibility, relation: ProfileRelation): boolean {
  if (relation === 'self') return true;
  if (relation === 'teammate') return visibility === 'teams' || visibility === 'org';
  return visibility === 'org';
}

/** A user's profile as stored, or the defaults (their name, no values, all private) when there is none. */
export async function storedProfile(tx: Tx, owner: UserRecord): Promise<ProfileRecord> {
  return (
    (await tx.profiles.get(owner.id)) ?? {
      userId: owner.id,
      displayName: owner.name,
      values: {},
      visibility: DEFAULT_PROFILE_VISIBILITY,
      updatedAt: 0,
      photoId: null,
    }
  );
}

/** The profile one viewer may see: only the fields the owner's visibility admits them to. */
export function profileFor(record: ProfileRecord, relation: ProfileRelation): Profile {
  const profile: Profile = {
    userId: record.userId,
    displayName: record.displayName,
    updatedAt: record.updatedAt === 0 ? null : record.updatedAt,
  };
  for (const field of PROFILE_FIELDS) {
    const value = record.values[field];
    if (value === undefined || !visibleTo(record.visibility[field], relation)) continue;
    copyField(profile, record.values, field);
  }
  if (record.photoId !== null && visibleTo(record.visibility.photo, relation)) profile.photoId = record.photoId;
  return profile;
}

function copyField(target: ProfileValues, source: ProfileValues, field: ProfileField): void {
  if (field === 'skills') {
    if (source.skills) target.skills = [...source.skills];
  } else {
    const value = source[field];
    if (value !== undefined) target[field] = value;
  }
}

/** How the viewer stands to the owner; NOT_FOUND for a user of another organization or no user. */
export async function relationTo(
  tx: Tx,
  viewer: UserRecord,
  ownerId: string,
): Promise<{ owner: UserRecord; relation: ProfileRelation }> {
  const owner = ownerId === viewer.id ? viewer : await tx.users.get(ownerId);
  // another organization's user answers like a missing one: their existence is not the caller's to learn
  if (!owner || owner.orgId !== viewer.orgId) throw new ProtocolError('NOT_FOUND', 'no such user', 'userId');
  if (owner.id === viewer.id) return { owner, relation: 'self' };
  return { owner, relation: (await tx.profiles.shareTeam(viewer.id, owner.id)) ? 'teammate' : 'colleague' };
}

/** Applies a change to a stored profile: given fields replace, null or empty clears, absent stays. */
export function applyProfileUpdate(current: ProfileRecord, update: ProfileUpdate, now: number): ProfileRecord {
  const values: ProfileValues = { ...current.values };
  for (const field of PROFILE_FIELDS) {
    const next = update[field];
    if (next === undefined) continue;
    if (next === null || next.length === 0) delete values[field];
    else if (field === 'skills') values.skills = [...new Set(next as string[])];
    else values[field] = next as string;
  }
  const visibility = withVisibility(current.visibility, update.visibility);
  return { ...current, displayName: update.displayName ?? current.displayName, values, visibility, updatedAt: now };
}

/**
 * What the whole organization sees of a profile (display name and `org` fields): the only values an
 * audit record keeps, for the compliance export's `profile.changed` (docs/governance.md#profiles-and-privacy).
 * Anyone of the organization, admins included, sees exactly this already.
 */
export function organizationView(record: ProfileRecord): Omit<Profile, 'userId' | 'updatedAt'> {
  const { userId: _userId, updatedAt: _updatedAt, ...shown } = profileFor(record, 'colleague');
  return shown;
}

/**
 * Changes the user's own profile and audits which fields and visibilities changed (their names), and
 * the profile as the whole organization sees it after the change: never a value visible to fewer
 * (the audit trail is read by admins, who may not be allowed to see it).
 */
export async function updateProfile(
  tx: Tx,
  user: UserRecord,
  update: ProfileUpdate,
  now: number,
): Promise<{ profile: Profile; visibility: FullVisibility }> {
  const current = await storedProfile(tx, user);
  const next = applyProfileUpdate(current, update, now);
  await tx.profiles.put(next);
  const changed = Object.keys(update).filter((k) => k !== 'visibility');
  await tx.audit.insert({
    at: now,
    orgId: user.orgId,
    actorId: user.id,
    action: 'profile.update',
    target: user.id,
    detail: { fields: changed, visibility: update.visibility ?? {}, shown: organizationView(next) },
  });
  return { profile: profileFor(next, 'self'), visibility: next.visibility };
}

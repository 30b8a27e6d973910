import { z } from 'zod';
import { idSchema, timeSchema } from './entities';

/*
 * Profiles that respect privacy: a display name everyone in the organization sees, and optional
 * fields each with its owner's own visibility. The server decides per viewer which fields exist in
 * an answer (server/domain/profiles.ts); a hidden field is left out, never sent empty.
 */

/** Who may see one optional field: nobody but me, people who share a team with me, my organization. */
export const profileVisibilitySchema = z.enum(['nobody', 'teams', 'org']);
export type ProfileVisibility = z.infer<typeof profileVisibilitySchema>;

/** The optional fields, in the order a card and the editor show them. */
export const PROFILE_FIELDS = ['title', 'teamRole', 'location', 'timeZone', 'phone', 'about', 'skills'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Everything with its own visibility: the optional fields and the photo (which is bytes, not a value). */
export const PROFILE_VISIBILITY_FIELDS = [...PROFILE_FIELDS, 'photo'] as const;
export type ProfileVisibilityField = (typeof PROFILE_VISIBILITY_FIELDS)[number];

/**
 * The photo: an image the server checks by its content, crops to a square and keeps in two sizes
 * (docs/protocol.md, "Profile photos"). A larger upload answers 413; a file that is not one of the
 * accepted image types, or does not decode, answers INVALID.
 */
export const PROFILE_PHOTO = {
  maxBytes: 5 * 1024 * 1024,
  /** Side in pixels of the avatar size (clients cache it for offline use) and of the card size. */
  smallPx: 96,
  largePx: 512,
  types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
} as const;
export type ProfilePhotoSize = 'small' | 'large';

/** Length limits (characters after trimming); one more answers INVALID naming the field. */
export const PROFILE_LIMITS = {
  displayName: 100,
  title: 100,
  teamRole: 100,
  location: 100,
  timeZone: 64,
  phone: 40,
  about: 2000,
  /** Most skills in the list, and the longest one. */
  skills: 30,
  skill: 50,
} as const;

const text = (max: number) => z.string().trim().max(max);

export const displayNameSchema = z.string().trim().min(1).max(PROFILE_LIMITS.displayName);

/** The values of the optional fields; an absent one is not set (or, in a viewer's answer, hidden). */
export const profileValuesSchema = z.object({
  title: text(PROFILE_LIMITS.title).optional(),
  teamRole: text(PROFILE_LIMITS.teamRole).optional(),
  location: text(PROFILE_LIMITS.location).optional(),
  timeZone: text(PROFILE_LIMITS.timeZone).optional(),
  phone: text(PROFILE_LIMITS.phone).optional(),
  about: text(PROFILE_LIMITS.about).optional(),
  skills: z.array(text(PROFILE_LIMITS.skill).min(1)).max(PROFILE_LIMITS.skills).optional(),
});
export type ProfileValues = z.infer<typeof profileValuesSchema>;

/** Each optional field's visibility; a field not listed is `nobody` (the private default). */
export const profileVisibilityMapSchema = z
  .object({
    title: profileVisibilitySchema,
    teamRole: profileVisibilitySchema,
    location: profileVisibilitySchema,
    timeZone: profileVisibilitySchema,
    phone: profileVisibilitySchema,
    about: profileVisibilitySchema,
    skills: profileVisibilitySchema,
    photo: profileVisibilitySchema,
  })
  .partial()
  .strict();
export type ProfileVisibilityMap = z.infer<typeof profileVisibilityMapSchema>;

/**
 * Push `profile:changed`: a person of my organization chose a new display name, or (`photo: true`)
 * changed their photo or its visibility; only those who may see the photo before or after are told.
 */
export const profileChangedSchema = z.object({
  userId: idSchema,
  displayName: z.string(),
  photo: z.literal(true).optional(),
});
export type ProfileChanged = z.infer<typeof profileChangedSchema>;

/** A profile as one viewer may see it: only the fields visible to that viewer are present. */
export const profileSchema = profileValuesSchema.extend({
  userId: idSchema,
  displayName: z.string(),
  /** When the owner last changed it; null when they never have (the defaults). */
  updatedAt: timeSchema.nullable(),
  /** The current photo's id (a new one for each photo), present only when there is one I may see. */
  photoId: idSchema.optional(),
});
export type Profile = z.infer<typeof profileSchema>;

/** The visibility of every optional field (the owner's own view). */
export type FullVisibility = Record<ProfileVisibilityField, ProfileVisibility>;

/** Every field private: what a profile nobody has edited shows. */
export const DEFAULT_PROFILE_VISIBILITY: FullVisibility = {
  title: 'nobody',
  teamRole: 'nobody',
  location: 'nobody',
  timeZone: 'nobody',
  phone: 'nobody',
  about: 'nobody',
  skills: 'nobody',
  photo: 'nobody',
};

const fullVisibilitySchema = z.object({
  title: profileVisibilitySchema,
  teamRole: profileVisibilitySchema,
  location: profileVisibilitySchema,
  timeZone: profileVisibilitySchema,
  phone: profileVisibilitySchema,
  about: profileVisibilitySchema,
  skills: profileVisibilitySchema,
  photo: profileVisibilitySchema,
});

export const profileGetRequestSchema = z.object({ userId: idSchema }).strict();
/** The profile as the caller may see it; `visibility` only when the caller is its owner. */
export const profileGetResponseSchema = z.object({
  profile: profileSchema,
  visibility: fullVisibilitySchema.optional(),
});

/**
 * A change of my profile: a field given replaces its value, `null` (or an empty text or list) clears
 * it, an absent one stays; `visibility` changes only the fields it names.
 */
export const profileUpdateRequestSchema = z
  .object({
    displayName: displayNameSchema.optional(),
    title: text(PROFILE_LIMITS.title).nullable().optional(),
    teamRole: text(PROFILE_LIMITS.teamRole).nullable().optional(),
    location: text(PROFILE_LIMITS.location).nullable().optional(),
    timeZone: text(PROFILE_LIMITS.timeZone).nullable().optional(),
    phone: text(PROFILE_LIMITS.phone).nullable().optional(),
    about: text(PROFILE_LIMITS.about).nullable().optional(),
    skills: z.array(text(PROFILE_LIMITS.skill).min(1)).max(PROFILE_LIMITS.skills).nullable().optional(),
    visibility: profileVisibilityMapSchema.optional(),
  })
  .strict();
export type ProfileUpdate = z.infer<typeof profileUpdateRequestSchema>;
/** My whole profile and every field's visibility after the change. */
export const profileUpdateResponseSchema = z.object({ profile: profileSchema, visibility: fullVisibilitySchema });

/** A visibility map with every field it does not name private: the stored or requested map made whole. */
export function withVisibility(base: FullVisibility, change: ProfileVisibilityMap | undefined): FullVisibility {
  const out = { ...base };
  for (const field of PROFILE_VISIBILITY_FIELDS) {
    const visibility = change?.[field];
    if (visibility !== undefined) out[field] = visibility;
  }
  return out;
}

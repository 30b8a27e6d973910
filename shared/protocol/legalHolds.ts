import { z } from 'zod';
import { idSchema } from './entities';

/*
 * Legal holds in the compliance console (docs/governance.md#legal-hold): a hold keeps a user's
 * messages or a team's stream from retention and from deletion until it is released.
 */

/** The longest reason a hold keeps (it goes into the audit trail with it). */
export const MAX_HOLD_REASON_CHARS = 2000;

/** A hold as the console shows it. `releasedAt` null: it still holds. */
export const legalHoldSchema = z.object({
  id: z.number().int().positive(),
  userId: idSchema.nullable(),
  teamId: idSchema.nullable(),
  /** The held user's email or the held team's `@handle`. */
  covers: z.string(),
  reason: z.string(),
  createdBy: idSchema.nullable(),
  createdAt: z.number(),
  releasedBy: idSchema.nullable(),
  releasedAt: z.number().nullable(),
});
export type LegalHoldView = z.infer<typeof legalHoldSchema>;

const holdReasonSchema = z.string().trim().min(1).max(MAX_HOLD_REASON_CHARS);
const holdIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const holdListRequestSchema = z.object({ activeOnly: z.boolean().optional() }).strict();
export const holdListResponseSchema = z.object({ holds: z.array(legalHoldSchema) });

/** Exactly one of `userId` and `teamId`. */
export const holdPlaceRequestSchema = z
  .object({ userId: idSchema.optional(), teamId: idSchema.optional(), reason: holdReasonSchema })
  .strict()
  .refine((value) => (value.userId === undefined) !== (value.teamId === undefined), {
    message: 'give exactly one of userId and teamId',
    path: ['userId'],
  });
export const holdReleaseRequestSchema = z.object({ holdId: holdIdSchema }).strict();
export const holdResponseSchema = z.object({ hold: legalHoldSchema });

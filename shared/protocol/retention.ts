import { z } from 'zod';
import { idSchema } from './entities';

/*
 * Retention (docs/governance.md#retention-and-legal-hold): how long an organization keeps messages, as
 * an org default and per-team overrides, in days. Null keeps them forever.
 */

/** The longest retention period that can be set, in days (100 years): longer is "forever" (null). */
export const MAX_RETENTION_DAYS = 36_500;

/** A retention period in whole days, or null for "keep forever". */
export const retentionDaysSchema = z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable();

/** One team's own retention period, overriding the organization's default. */
export const teamRetentionSchema = z.object({ teamId: idSchema, days: retentionDaysSchema });
export type TeamRetention = z.infer<typeof teamRetentionSchema>;

/** An organization's retention settings: the default (also the org-wide stream's) and the teams' overrides. */
export const retentionSettingsSchema = z.object({
  orgDays: retentionDaysSchema,
  teams: z.array(teamRetentionSchema),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

export const retentionGetRequestSchema = z.object({}).strict();
/** Sets the org default (no `teamId`) or one team's override. */
export const retentionSetRequestSchema = z.object({ teamId: idSchema.optional(), days: retentionDaysSchema }).strict();
export const retentionResponseSchema = z.object({ settings: retentionSettingsSchema });

import { z } from 'zod';
import { idSchema } from './entities';

/*
 * Team pulse (docs/protocol.md § pulse:get): a team's activity per ISO week for its curators and org
 * admins — posts, replies, active members, posts promoted to the organization and their reach, and
 * how long new members took to post. Schemas shared by the socket request and the IPC contract.
 */

/** The periods a pulse may cover, in ISO weeks (the current week included). */
export const PULSE_WEEK_CHOICES = [4, 12, 26] as const;
/** The period a pulse covers unless the caller chooses another. */
export const DEFAULT_PULSE_WEEKS = 12;
/** One ISO week in milliseconds. */
export const WEEK_MS = 7 * 86_400_000;
/** 1970-01-05, the first Monday after the epoch: ISO weeks start on Monday, 00:00 UTC. */
const FIRST_MONDAY_MS = 4 * 86_400_000;

/** The start (Monday 00:00 UTC) of the ISO week holding `at`. */
export function isoWeekStart(at: number): number {
  return Math.floor((at - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
}

/** One week of a team's activity. */
export const pulseWeekSchema = z.object({
  /** Monday 00:00 UTC of the ISO week. */
  weekStart: z.number().int(),
  /** Top-level messages posted in the team's stream (deleted and purged ones no longer count). */
  posts: z.number().int().nonnegative(),
  /** Replies in threads of the team's stream. */
  replies: z.number().int().nonnegative(),
  /** Distinct authors of those posts and replies. */
  activeMembers: z.number().int().nonnegative(),
  /** The team's posts whose copy was published in the org-wide stream this week (and still is). */
  promoted: z.number().int().nonnegative(),
  /** Distinct people whose read marker in the org-wide stream covers at least one of those copies. */
  reach: z.number().int().nonnegative(),
  /** People who joined the team for the first time this week (whether or not they are still in it). */
  joined: z.number().int().nonnegative(),
});
export type PulseWeek = z.infer<typeof pulseWeekSchema>;

/**
 * Someone who joined the team for the first time in the period (a re-join does not make anyone new
 * again), when they first posted there (null: not yet) and when they left (null: still a member).
 */
export const pulseNewMemberSchema = z.object({
  userId: idSchema,
  name: z.string(),
  joinedAt: z.number().int(),
  firstPostAt: z.number().int().nullable(),
  /** Absent from servers before the membership history: read as still a member. */
  leftAt: z.number().int().nullable().default(null),
});
export type PulseNewMember = z.infer<typeof pulseNewMemberSchema>;

/** `pulse:get`: one team's pulse over the last `weeks` ISO weeks (curators of the team, org admins). */
export const pulseGetRequestSchema = z
  .object({
    teamId: idSchema,
    weeks: z
      .number()
      .int()
      .refine((w) => (PULSE_WEEK_CHOICES as readonly number[]).includes(w), 'must be 4, 12 or 26')
      .default(DEFAULT_PULSE_WEEKS),
  })
  .strict();
export const pulseGetResponseSchema = z.object({
  teamId: idSchema,
  /** When the server computed it (the current week runs up to here). */
  computedAt: z.number().int(),
  /** Oldest first; the last one is the current, unfinished week. */
  weeks: z.array(pulseWeekSchema),
  /** People who first joined in the period, earliest first, those who left since included. */
  newMembers: z.array(pulseNewMemberSchema),
  /** The median time from joining to a first post of those who posted, in ms (null: nobody yet). */
  medianTimeToFirstPostMs: z.number().int().nonnegative().nullable(),
});
export type Pulse = z.infer<typeof pulseGetResponseSchema>;

import { z } from 'zod';
import { idSchema, streamSchema } from './entities';

/*
 * Direct messages: private conversations of 2 to 9 people of one organization, each a stream of kind
 * `direct` (the log, sync, threads, reactions, edits, search and read markers are the streams' own).
 * The same set of people always has the same conversation.
 */

/** People in one direct conversation at most, the caller included. */
export const MAX_DIRECT_PARTICIPANTS = 9;

/**
 * `dm:open`: the other people of the conversation (the caller's own id may be listed too; it is
 * always in). Refused (INVALID, field `userIds`) with nobody else or more than 8 others.
 */
export const directOpenRequestSchema = z
  .object({
    userIds: z
      .array(idSchema)
      .min(1)
      .max(MAX_DIRECT_PARTICIPANTS + 1),
  })
  .strict();
/** The conversation as the caller sees it, and whether this request created it. */
export const directOpenResponseSchema = z.object({ stream: streamSchema, created: z.boolean() });

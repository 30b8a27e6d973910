import { z } from 'zod';
import { MAX_TAG_CHARS } from '../domain/mentionTagSyntax';
import { parseReferences } from '../domain/mentions';
import { idSchema, messageSchema } from './entities';

/*
 * Flowdock-style tags: the `#tag`s of a message's body plus the ones its author or a curator added
 * after posting (`message:tag`). Schemas shared by the socket requests and the IPC contract.
 */

/** Messages one `tag:messages` page holds at most. */
export const MAX_TAG_PAGE = 100;
/** Tags one `tag:top` answer lists at most. */
export const MAX_TOP_TAGS = 50;

/**
 * A tag as a person types it, with or without its `#`: valid only if the body grammar would read it
 * as one whole tag (so an added tag is exactly what `#tag` in a body would have made), lower-cased.
 */
export const tagSchema = z
  .string()
  .max(MAX_TAG_CHARS + 1)
  .transform((input, ctx) => {
    const name = input.startsWith('#') ? input.slice(1) : input;
    const parsed = parseReferences(`#${name}`).tags;
    if (name === '' || parsed.length !== 1 || parsed[0] !== name.toLowerCase()) {
      ctx.issues.push({ code: 'custom', message: 'must be one tag: letters, digits, _ or -', input });
      return z.NEVER;
    }
    return parsed[0];
  });

/** How often one tag is used. */
export const tagCountSchema = z.object({ tag: z.string(), count: z.number().int().nonnegative() });
export type TagCount = z.infer<typeof tagCountSchema>;

/** `tag:messages`: newest first across the caller's readable streams; `beforeId` pages back. */
export const tagMessagesRequestSchema = z
  .object({
    tag: tagSchema,
    beforeId: idSchema.optional(),
    limit: z.number().int().min(1).max(MAX_TAG_PAGE).default(50),
  })
  .strict();
export const tagMessagesResponseSchema = z.object({
  tag: z.string(),
  /** Every message with the tag in the streams the caller may read (not only this page). */
  count: z.number().int().nonnegative(),
  messages: z.array(messageSchema),
  hasMore: z.boolean(),
});

/** `tag:top`: a stream's most used tags, most used first. */
export const tagTopRequestSchema = z
  .object({ streamId: idSchema, limit: z.number().int().min(1).max(MAX_TOP_TAGS).default(20) })
  .strict();
export const tagTopResponseSchema = z.object({ tags: z.array(tagCountSchema) });

/** `message:tag`: adds a tag to a posted message, or (`remove`) takes an added one off again. */
export const messageTagRequestSchema = z
  .object({ messageId: idSchema, tag: tagSchema, remove: z.boolean().optional() })
  .strict();

/** Tags that may be added to one message after posting (besides those written in its body). */
export const MAX_ADDED_TAGS = 20;

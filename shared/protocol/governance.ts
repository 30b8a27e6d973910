import { z } from 'zod';
import { speechPolicyPatchSchema, speechPolicySchema } from '../domain/speechPolicy';
import { idSchema } from './entities';

/*
 * Governance requests (docs/governance.md): the organization's speech policy, readable by every user
 * of the organization (the composer explains it), changeable by org admins.
 */

export const speechPolicyGetRequestSchema = z.object({}).strict();
export const speechPolicySetRequestSchema = z.object({ patch: speechPolicyPatchSchema }).strict();
export const speechPolicyResponseSchema = z.object({ policy: speechPolicySchema });

/** One version of a message in its edit history, oldest first. */
export const messageVersionSchema = z.object({
  body: z.string(),
  editorId: idSchema,
  editorName: z.string(),
  at: z.number().int(),
});
export type MessageVersion = z.infer<typeof messageVersionSchema>;

export const messageHistoryRequestSchema = z.object({ messageId: idSchema }).strict();
/** Every version of the message; empty for a deleted message (deleting erases the history). */
export const messageHistoryResponseSchema = z.object({ versions: z.array(messageVersionSchema) });

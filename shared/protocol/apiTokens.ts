import { z } from 'zod';
import { idSchema, timeSchema } from './entities';

/*
 * Personal API tokens: a user's credential for bots and scripts (the Flowdock-compatible REST and
 * streaming API, docs/flowdock-api.md). The secret is shown once, when the token is created; the
 * server keeps only its SHA-256.
 */

/** What the owner calls a token, so they know which one to revoke later. */
export const apiTokenNameSchema = z.string().trim().min(1).max(100);

/** A personal API token as its owner sees it: never its secret. */
export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: timeSchema,
  /** When it last authenticated an API request, to the minute; null if never used. */
  lastUsedAt: timeSchema.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** The most live tokens one user may hold; one more answers CONFLICT. */
export const MAX_API_TOKENS_PER_USER = 20;

export const apiTokenCreateRequestSchema = z.object({ name: apiTokenNameSchema }).strict();
/** The new token and its secret, which is never shown again. */
export const apiTokenCreateResponseSchema = z.object({ apiToken: apiTokenSchema, secret: z.string() });
export const apiTokenListRequestSchema = z.object({}).strict();
export const apiTokenListResponseSchema = z.object({ apiTokens: z.array(apiTokenSchema) });
export const apiTokenRevokeRequestSchema = z.object({ apiTokenId: idSchema }).strict();
export const apiTokenRevokeResponseSchema = z.object({ apiToken: apiTokenSchema });

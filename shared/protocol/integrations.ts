import { z } from 'zod';
import { idSchema, timeSchema } from './entities';

/*
 * Integrations (Flowdock's "sources"): an external tool that posts into one team stream with a flow
 * token instead of a person's credentials. A curator of the team (or an org admin) creates one and
 * sees its flow token once; the server keeps only the token's SHA-256.
 */

/** A one-line name: no control characters (PostgreSQL text cannot even hold NUL). */
export const singleLineSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^\P{Cc}*$/u, 'must not contain control characters');

/** What the curator calls an integration; it is also the author name its posts show. */
export const integrationNameSchema = singleLineSchema(100);

/** An avatar picture for the integration's posts: an http(s) URL, checked against the link policy. */
export const integrationAvatarUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\/[^\s\p{Cc}]+$/iu, 'must be an http or https URL');

/** An integration as the curators of its stream see it: never its flow token. */
export const integrationSchema = z.object({
  id: idSchema,
  streamId: idSchema,
  name: z.string(),
  avatarUrl: z.string().nullable(),
  createdBy: idSchema,
  createdAt: timeSchema,
});
export type Integration = z.infer<typeof integrationSchema>;

/** The most live integrations one stream may hold; one more answers CONFLICT. */
export const MAX_INTEGRATIONS_PER_STREAM = 50;

export const integrationCreateRequestSchema = z
  .object({ streamId: idSchema, name: integrationNameSchema, avatarUrl: integrationAvatarUrlSchema.optional() })
  .strict();
/** The new integration and its flow token, which is never shown again. */
export const integrationCreateResponseSchema = z.object({ integration: integrationSchema, flowToken: z.string() });
export const integrationListRequestSchema = z.object({ streamId: idSchema }).strict();
export const integrationListResponseSchema = z.object({ integrations: z.array(integrationSchema) });
export const integrationRevokeRequestSchema = z.object({ integrationId: idSchema }).strict();
export const integrationRevokeResponseSchema = z.object({ integration: integrationSchema });

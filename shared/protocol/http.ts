import { z } from 'zod';
import { organizationSchema, userSchema } from './entities';

/** POST /api/login */
export const loginRequestSchema = z
  .object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(1024) })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;
export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.number().int(),
  user: userSchema,
  org: organizationSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** Body of every non-2xx HTTP answer. */
export const httpErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

import { z } from 'zod';
import { fileRefSchema, organizationSchema, userSchema } from './entities';
import { apiErrorSchema } from './errors';

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

/**
 * Body of every non-2xx HTTP answer: the same error shape as an ack's, except that the code is read
 * leniently (a newer server's code still yields its message; clients map unknown codes themselves).
 */
export const httpErrorBodySchema = z.object({ error: apiErrorSchema.extend({ code: z.string() }) });

/**
 * GET /api/info: what a server says about itself before anyone signs in. `demo` is true only when it
 * was started with `--demo` (it runs the seeded demo organization, whose accounts a login screen may
 * offer); clients treat a missing or malformed answer as `demo: false`.
 */
export const serverInfoSchema = z.object({
  ok: z.literal(true),
  demo: z.boolean(),
  /** Largest file upload in bytes (the organization's limit; optional: servers before files omit it). */
  maxFileBytes: z.number().int().positive().optional(),
});
export type ServerInfo = z.infer<typeof serverInfoSchema>;

/** POST /api/files?stream=<id>&name=<file name> (body: the raw bytes) answers 201 with this. */
export const fileUploadResponseSchema = z.object({ file: fileRefSchema });
export type FileUploadResponse = z.infer<typeof fileUploadResponseSchema>;

/** The HTTP-only error code of an upload larger than the organization's limit (status 413, field 'file'). */
export const FILE_TOO_LARGE_CODE = 'TOO_LARGE';

import { z } from 'zod';

/** Every error code a request can answer with; clients branch on these, never on messages. */
export const errorCodeSchema = z.enum([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'POLICY_BLOCKED',
  'UNAVAILABLE',
  'INTERNAL',
  /** The account was deactivated by the organization: login and handshake refuse it for good. */
  'DEACTIVATED',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The error half of every acknowledgement; `field` names the offending input path. */
export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  field: z.string().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Codes after which retrying the same request can never succeed. */
export const PERMANENT_ERROR_CODES: ReadonlySet<ErrorCode> = new Set([
  'FORBIDDEN',
  'INVALID',
  'NOT_FOUND',
  'POLICY_BLOCKED',
  'CONFLICT',
]);

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: ApiError };

/**
 * The one error class of the app: thrown by server handlers (answered as `{ok:false}` acks), by the
 * client core's channel handlers (answered as `{ok:false}` IPC results) and by the renderer's API
 * module (so components branch on `code`). It crosses every boundary as its `ApiError` JSON.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }

  /** The error rebuilt from its wire shape (an ack or an IPC result). */
  static from(error: ApiError): ProtocolError {
    return new ProtocolError(error.code, error.message, error.field);
  }

  /** The wire shape of this error. */
  toJSON(): ApiError {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

/** Turns a zod failure into the INVALID error naming the first bad field. */
export function invalidFromZod(error: z.ZodError): ProtocolError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const what = issue ? issue.message : 'invalid payload';
  return new ProtocolError('INVALID', field ? `${field}: ${what}` : what, field);
}

import type { ServerResponse } from 'node:http';
import { ProtocolError, type ErrorCode } from '../../shared/protocol/index';
import { HttpError, sendJson } from '../http/respond';

/** The HTTP status of each refusal, as Flowdock's API answered them. */
const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  POLICY_BLOCKED: 422,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  DEACTIVATED: 403,
};

/** A JSON answer with the `Flowdock-User` header Flowdock's clients read. */
export function sendFlowdockJson(res: ServerResponse, status: number, body: unknown, userId?: string): void {
  sendJson(res, status, body, userId !== undefined ? { 'flowdock-user': userId } : {});
}

/**
 * Answers a refusal: Flowdock's `{ message, errors }` (errors by field, as its validation errors were)
 * plus Tributary's `error` with the protocol code, so both kinds of client find what they read.
 */
export function sendFlowdockError(res: ServerResponse, error: unknown, onUnexpected: (error: unknown) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  let status = 500;
  let code: ErrorCode = 'INTERNAL';
  let message = 'internal error';
  let field: string | undefined;
  let headers: Record<string, string> = {};
  if (error instanceof HttpError) {
    ({ status, code, message, field, headers } = error);
  } else if (error instanceof ProtocolError) {
    ({ code, message, field } = error);
    status = STATUS[code];
    if (code === 'RATE_LIMITED') headers = { 'retry-after': '1' };
  } else {
    onUnexpected(error);
  }
  if (status === 401) headers = { ...headers, 'www-authenticate': 'Basic realm="Tributary", charset="UTF-8"' };
  const body = {
    message,
    ...(field !== undefined ? { errors: { [field]: [message] } } : {}),
    error: field !== undefined ? { code, message, field } : { code, message },
  };
  sendJson(res, status, body, headers);
}

/*
 * Errors from the core and the server, in the reader's language. They arrive as `{ code, message,
 * field }`: the code (and for INVALID the field) picks the translated text; the English `message`
 * is for logs, bots and a tooltip, never the sentence the user reads.
 */
import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import { errorCodeSchema, ProtocolError, type ApiError, type ErrorCode } from '../../../shared/protocol/errors';
import type { ServerUrlIssue } from '../../../shared/domain/serverUrl';

const byCode = defineMessages({
  UNAUTHENTICATED: {
    id: 'error.unauthenticated',
    defaultMessage: 'You are no longer signed in. Please sign in again.',
  },
  FORBIDDEN: { id: 'error.forbidden', defaultMessage: 'You are not allowed to do that.' },
  INVALID: { id: 'error.invalid', defaultMessage: 'That was not accepted: something in it is not valid.' },
  NOT_FOUND: { id: 'error.notFound', defaultMessage: 'It is no longer there; it may have been deleted.' },
  CONFLICT: { id: 'error.conflict', defaultMessage: 'Someone changed this at the same time. Please try again.' },
  RATE_LIMITED: { id: 'error.rateLimited', defaultMessage: 'Too many requests. Wait a moment and try again.' },
  POLICY_BLOCKED: {
    id: 'error.policyBlocked',
    defaultMessage: 'Your organization’s policy does not allow this, for example a link to a blocked site.',
  },
  UNAVAILABLE: {
    id: 'error.unavailable',
    defaultMessage: 'The server cannot be reached right now. It will be tried again when the connection returns.',
  },
  INTERNAL: { id: 'error.internal', defaultMessage: 'Something went wrong. Please try again.' },
  DEACTIVATED: {
    id: 'error.deactivated',
    defaultMessage: 'Your organization deactivated this account. Its local data was removed from this computer.',
  },
}) satisfies Record<ErrorCode, MessageDescriptor>;

/** INVALID names the refused field: the ones a person typed get their own explanation. */
const invalidField = defineMessages({
  body: { id: 'error.invalid.body', defaultMessage: 'The message is empty or too long for this server.' },
  note: { id: 'error.invalid.note', defaultMessage: 'The note is too long.' },
  email: { id: 'error.invalid.email', defaultMessage: 'Enter your email address, e.g. alice@example.com.' },
  password: { id: 'error.invalid.password', defaultMessage: 'Enter your password.' },
  serverUrl: {
    id: 'error.invalid.serverUrl',
    defaultMessage: 'This server address cannot be used. Use https://, or http:// for this computer only.',
  },
}) satisfies Record<string, MessageDescriptor>;

/** At sign-in some codes mean something more specific than elsewhere. */
const atLogin = defineMessages({
  UNAUTHENTICATED: { id: 'error.login.unauthenticated', defaultMessage: 'Wrong email or password.' },
  RATE_LIMITED: {
    id: 'error.login.rateLimited',
    defaultMessage: 'Too many sign-in attempts. Wait a few minutes and try again.',
  },
  UNAVAILABLE: {
    id: 'error.login.unavailable',
    defaultMessage: 'Cannot reach the server. Check the address and your connection.',
  },
}) satisfies Partial<Record<ErrorCode, MessageDescriptor>>;

const serverUrl = defineMessages({
  notUrl: {
    id: 'error.serverUrl.notUrl',
    defaultMessage: 'Enter the server address as a URL, e.g. https://chat.example.com',
  },
  scheme: { id: 'error.serverUrl.scheme', defaultMessage: 'The server address must start with https://' },
  plainHttp: {
    id: 'error.serverUrl.plainHttp',
    defaultMessage:
      'The server address must use https:// — plain http:// is only allowed for this computer (127.0.0.1, localhost, ::1)',
  },
}) satisfies Record<ServerUrlIssue, MessageDescriptor>;

/** Where an error is shown, when that changes what its code means to the reader. */
export type ErrorContext = 'login';

function fieldMessage(field: string | undefined): MessageDescriptor | undefined {
  return field !== undefined && Object.hasOwn(invalidField, field)
    ? invalidField[field as keyof typeof invalidField]
    : undefined;
}

/** The translated text for an error from the core or the server. */
export function formatError(intl: IntlShape, error: ApiError, context?: ErrorContext): string {
  const specific =
    context === 'login' && Object.hasOwn(atLogin, error.code) ? atLogin[error.code as keyof typeof atLogin] : undefined;
  const message = specific ?? (error.code === 'INVALID' ? fieldMessage(error.field) : undefined) ?? byCode[error.code];
  return intl.formatMessage(message);
}

/** Why the login form refuses a server address, translated. */
export function formatServerUrlIssue(intl: IntlShape, issue: ServerUrlIssue): string {
  return intl.formatMessage(serverUrl[issue]);
}

/** Any thrown value as the error shape the UI explains (an unexpected exception is INTERNAL). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ProtocolError) return err.toJSON();
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/**
 * A failed send's reason as the core stores it (`CODE: message`, see `failureReason` in the IPC
 * contract) back as an error: the code picks the text, the whole reason stays as its detail.
 */
export function failureError(reason: string): ApiError {
  const colon = reason.indexOf(':');
  const code = errorCodeSchema.safeParse(colon > 0 ? reason.slice(0, colon) : undefined);
  return { code: code.success ? code.data : 'INTERNAL', message: reason };
}

/*
 * Text the store decides and components render. The store runs outside React, so it never formats:
 * it keeps what to say (a catalog message with its values, or an error from the core) and the
 * component that shows it formats it in the current locale, so a language change re-renders it too.
 */
import type { IntlShape, MessageDescriptor } from 'react-intl';
import type { ApiError } from '../../../shared/protocol/errors';
import { formatError, toApiError } from './errors';

/** Something to tell the user: a catalog message, or an error to explain. */
export type UiText =
  { message: MessageDescriptor; values?: Record<string, string | number>; detail?: string } | { error: ApiError };

/** A catalog message as UiText. */
export function uiMessage(message: MessageDescriptor, values?: Record<string, string | number>): UiText {
  return values ? { message, values } : { message };
}

/** Any thrown value as UiText: the error explained in the reader's language. */
export function uiError(err: unknown): UiText {
  return { error: toApiError(err) };
}

/** The text in the current locale. */
export function formatText(intl: IntlShape, text: UiText): string {
  return 'error' in text ? formatError(intl, text.error) : intl.formatMessage(text.message, text.values);
}

/** The untranslated detail behind a text (the core's or server's English message), for a tooltip. */
export function textDetail(text: UiText): string | undefined {
  return 'error' in text ? text.error.message : text.detail;
}

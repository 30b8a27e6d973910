/**
 * The server's body limit, enforced where the user types: a body over `maxBodyChars` (announced in
 * the server's `hello`) cannot be sent or saved, and this says why, before anything is queued.
 */
import { defineMessages, FormattedMessage } from 'react-intl';
import { bodyTooLong, DEFAULT_SERVER_LIMITS, type ServerLimits } from '../../../shared/protocol/requests';
import { useStore, type Store } from '../store';

const messages = defineMessages({
  tooLong: {
    id: 'bodyLimit.tooLong',
    defaultMessage:
      'Too long to send: {length, plural, one {# character} other {# characters}}; the server accepts at most {max, number}.',
  },
});

const selectLimits = (s: Store): ServerLimits => s.session?.limits ?? DEFAULT_SERVER_LIMITS;

/** Whether this text (as it would be sent: trimmed) is over the signed-in server's limit. */
export function useBodyTooLong(text: string): boolean {
  const limits = useStore(selectLimits);
  return bodyTooLong(text.trim(), limits) !== null;
}

/** The notice under an editor whose text is too long; nothing otherwise. */
export function BodyLimitNotice({ text }: { text: string }) {
  const limits = useStore(selectLimits);
  const length = text.trim().length;
  if (bodyTooLong(text.trim(), limits) === null) return null;
  return (
    <p role="alert" className="error-text body-limit" data-testid="body-too-long">
      <FormattedMessage {...messages.tooLong} values={{ length, max: limits.maxBodyChars }} />
    </p>
  );
}

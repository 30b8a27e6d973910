/**
 * "Alice is typing…" above the composer, from `typing:changed` pushes. A signal counts until it
 * expires (TYPING_EXPIRY_MS), so a stop that never came does not keep the line up; a timer forgets
 * expired ones while anyone is typing.
 */
import { useEffect, useMemo } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { selectMyId, useStore } from '../store';
import { personNames } from '../store/personNames';
import { typingKey } from '../store/presenceSlice';

const NOBODY: Record<string, number> = {};
/** How often expired signals are looked for while someone types. */
const EXPIRY_CHECK_MS = 1000;

const messages = defineMessages({
  typing: {
    id: 'typing.indicator',
    defaultMessage: '{count, plural, one {{names} is typing…} other {{names} are typing…}}',
  },
  many: {
    id: 'typing.many',
    defaultMessage: '{count, plural, one {# person is typing…} other {# people are typing…}}',
  },
  unknown: { id: 'typing.unknownUser', defaultMessage: 'Someone' },
});

/** Who types in a stream, or with `threadRootId` who types a reply in that thread. */
export function TypingIndicator({ streamId, threadRootId }: { streamId: string; threadRootId?: string | undefined }) {
  const intl = useIntl();
  const typing = useStore((s) => s.typing[typingKey(streamId, threadRootId)] ?? NOBODY);
  const users = useStore((s) => s.users);
  const myId = useStore(selectMyId);
  const expireTyping = useStore((s) => s.expireTyping);
  const ids = Object.keys(typing).filter((id) => id !== myId);
  useEffect(() => {
    if (ids.length === 0) return;
    const timer = setInterval(() => expireTyping(), EXPIRY_CHECK_MS);
    return () => clearInterval(timer);
  }, [ids.length, expireTyping]);
  const names = useMemo(() => {
    const byId = personNames(users);
    return ids.map((id) => byId.get(id) ?? intl.formatMessage(messages.unknown)).sort((a, b) => a.localeCompare(b));
    // ids is derived from typing and myId
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typing, myId, users, intl]);
  return (
    <p className="typing-indicator muted" data-testid="typing-indicator" aria-live="polite">
      {names.length > 0 && names.length <= 3 && (
        <FormattedMessage
          {...messages.typing}
          values={{ count: names.length, names: intl.formatList(names, { type: 'conjunction' }) }}
        />
      )}
      {names.length > 3 && <FormattedMessage {...messages.many} values={{ count: names.length }} />}
    </p>
  );
}

/**
 * Who is online in the open stream, under its title: asked for when the stream opens and whenever
 * the connection comes back (presence is never cached), then kept by `presence:changed` pushes.
 */
import { useEffect, useMemo } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useStore } from '../store';
import { personNames } from '../store/personNames';

/** Names spelled out; the rest is a count. */
const NAMES_SHOWN = 5;
const NOBODY: string[] = [];

const messages = defineMessages({
  online: {
    id: 'presence.online',
    defaultMessage:
      '{count, plural, =0 {Nobody online} one {Online: {names}} other {Online: {names}{rest, plural, =0 {} one { and # other} other { and # others}}}}',
  },
  label: { id: 'presence.label', defaultMessage: 'Who is online' },
  unknown: { id: 'presence.unknownUser', defaultMessage: 'Unknown user' },
});

export function PresenceBar({ streamId }: { streamId: string }) {
  const intl = useIntl();
  const online = useStore((s) => s.online[streamId] ?? NOBODY);
  const users = useStore((s) => s.users);
  const live = useStore((s) => s.sync.state === 'live');
  const loadPresence = useStore((s) => s.loadPresence);
  useEffect(() => {
    void loadPresence(streamId);
  }, [loadPresence, streamId, live]);
  const names = useMemo(() => {
    const byId = personNames(users);
    return online.map((id) => byId.get(id) ?? intl.formatMessage(messages.unknown)).sort((a, b) => a.localeCompare(b));
  }, [online, users, intl]);
  if (!live) return null;
  const shown = names.slice(0, NAMES_SHOWN);
  return (
    <p className="presence muted" data-testid="presence" aria-label={intl.formatMessage(messages.label)}>
      <span className="presence-dot" aria-hidden="true">
        ●
      </span>{' '}
      <FormattedMessage
        {...messages.online}
        values={{
          count: names.length,
          names: intl.formatList(shown, { type: names.length > NAMES_SHOWN ? 'unit' : 'conjunction' }),
          rest: names.length - shown.length,
        }}
      />
    </p>
  );
}

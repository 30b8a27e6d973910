/** Connection state for the user: offline with unsent count, connecting, or catch-up progress. */
import type { ReactNode } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useStore } from '../store';

const messages = defineMessages({
  offline: {
    id: 'status.offline',
    defaultMessage: 'You are offline; messages will be sent when the connection returns.',
  },
  reconnecting: { id: 'status.reconnecting', defaultMessage: 'Reconnecting automatically.' },
  connecting: { id: 'status.connecting', defaultMessage: 'Connecting…' },
  catchingUp: { id: 'status.catchingUp', defaultMessage: 'Catching up…' },
  catchupProgress: { id: 'status.catchupProgress', defaultMessage: 'Catch-up progress' },
  catchupCount: { id: 'status.catchupCount', defaultMessage: '{done, number}/{total, number}' },
  unsent: {
    id: 'status.unsent',
    defaultMessage: '{count, plural, one {# unsent message} other {# unsent messages}}',
  },
  sending: {
    id: 'status.sending',
    defaultMessage: 'Sending {count, plural, one {# message} other {# messages}}…',
  },
});

/** " · 3 unsent messages" after a state, or nothing when the outbox is empty. */
function Unsent({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <>
      {' · '}
      <FormattedMessage {...messages.unsent} values={{ count }} />
    </>
  );
}

export function StatusBanner() {
  const intl = useIntl();
  const sync = useStore((s) => s.sync);
  const notice = useStore((s) => s.session?.notice ?? null);
  const unsent = <Unsent count={sync.pendingCount} />;
  let content: ReactNode = null;
  if (sync.state === 'offline')
    content = (
      <span>
        <FormattedMessage {...messages.offline} />
        {unsent}
        {/* The technical reason is there for whoever asks (hover), not in the sentence. */}
        <span className="muted" title={sync.lastError ?? undefined}>
          {' '}
          <FormattedMessage {...messages.reconnecting} />
        </span>
      </span>
    );
  else if (sync.state === 'connecting')
    content = (
      <span>
        <FormattedMessage {...messages.connecting} />
        {unsent}
      </span>
    );
  else if (sync.state === 'catchingUp')
    content = (
      <span className="catchup">
        <FormattedMessage {...messages.catchingUp} />
        <progress
          data-testid="catchup-progress"
          aria-label={intl.formatMessage(messages.catchupProgress)}
          max={Math.max(1, sync.total)}
          value={Math.min(sync.done, Math.max(1, sync.total))}
        />
        <span className="muted">
          <FormattedMessage {...messages.catchupCount} values={{ done: sync.done, total: sync.total }} />
        </span>
        {unsent}
      </span>
    );
  else if (sync.pendingCount > 0)
    content = (
      <span>
        <FormattedMessage {...messages.sending} values={{ count: sync.pendingCount }} />
      </span>
    );
  return (
    <>
      {notice && (
        <div className="banner banner-notice" role="note">
          {notice}
        </div>
      )}
      <div
        className={`banner banner-${sync.state}${content ? '' : ' banner-empty'}`}
        role="status"
        data-testid="status-banner"
        data-state={sync.state}
      >
        {content}
      </div>
    </>
  );
}

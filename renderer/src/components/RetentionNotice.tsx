/**
 * The stream header's word on retention: how many days this stream keeps its messages, read from the
 * server when the stream opens. Nothing when they are kept forever, or while the period is unknown
 * (offline): the server's purge decides either way, this only tells people what to expect.
 */
import { useEffect } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import { useStore } from '../store';

const messages = defineMessages({
  team: {
    id: 'stream.retentionTeam',
    defaultMessage: 'This team keeps messages {days, plural, one {# day} other {# days}}',
  },
  org: {
    id: 'stream.retentionOrg',
    defaultMessage: 'The organization keeps messages here {days, plural, one {# day} other {# days}}',
  },
});

export function RetentionNotice({ streamId, kind }: { streamId: string; kind: 'team' | 'org' | 'direct' }) {
  const days = useStore((s) => s.retentionDays[streamId]);
  const load = useStore((s) => s.loadRetentionPeriod);
  useEffect(() => {
    void load(streamId);
  }, [load, streamId]);
  if (days === undefined || days === null) return null;
  return (
    <span className="stream-scope muted" data-testid="retention-notice">
      <FormattedMessage {...(kind === 'team' ? messages.team : messages.org)} values={{ days }} />
    </span>
  );
}

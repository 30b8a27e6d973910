/**
 * The team pulse of the selected team stream, for its curators and org admins (the server refuses
 * everyone else; the header shows the button only to them): posts and replies, active members,
 * promotions to the organization and their reach, per ISO week over 4, 12 or 26 weeks, each chart
 * with its numbers in a table beside it, and new members' time to first post. Offline it shows the
 * last pulse kept in the cache "as of" when the server computed it (refreshed once back online), or
 * says that it needs the server.
 */
import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { PULSE_WEEK_CHOICES, type Pulse } from '../../../../shared/protocol';
import { formatError } from '../../i18n/errors';
import { fullDate } from '../../lib/format';
import { useStore } from '../../store';
import { SidePanel } from '../SidePanel';
import { NewMembersTable } from './NewMembersTable';
import { PulseFigure } from './PulseFigure';
import { usePulse } from './usePulse';

const messages = defineMessages({
  title: { id: 'pulse.title', defaultMessage: 'Team pulse' },
  close: { id: 'pulse.close', defaultMessage: 'Close team pulse' },
  intro: {
    id: 'pulse.intro',
    defaultMessage:
      'How {team} is doing, week by week (weeks start on Monday, UTC). Only curators and org admins see this.',
  },
  period: { id: 'pulse.period', defaultMessage: 'Period' },
  weeks: { id: 'pulse.weeks', defaultMessage: '{count, plural, one {# week} other {# weeks}}' },
  loading: { id: 'pulse.loading', defaultMessage: 'Loading the pulse…' },
  computedAt: { id: 'pulse.computedAt', defaultMessage: 'As of {time}' },
  fromCache: {
    id: 'pulse.fromCache',
    defaultMessage: 'Not connected: this is the pulse as of {time}. It refreshes when you are back online.',
  },
  needsServer: {
    id: 'pulse.needsServer',
    defaultMessage:
      'The team pulse is computed by the server, and there is no connection. Try again once you are online.',
  },
  retry: { id: 'pulse.retry', defaultMessage: 'Try again' },
  empty: {
    id: 'pulse.empty',
    defaultMessage:
      'Nothing posted in {team} in {count, plural, one {the last week} other {the last # weeks}}. Start a thread with a question or a small win, and invite members to reply: the numbers appear here as the team posts.',
  },
  activity: { id: 'pulse.activity', defaultMessage: 'Posts and replies per week' },
  posts: { id: 'pulse.posts', defaultMessage: 'Posts' },
  replies: { id: 'pulse.replies', defaultMessage: 'Replies' },
  members: { id: 'pulse.members', defaultMessage: 'Active members per week' },
  activeMembers: { id: 'pulse.activeMembers', defaultMessage: 'Active members' },
  promotions: { id: 'pulse.promotions', defaultMessage: 'Posts promoted to the organization and their reach' },
  promoted: { id: 'pulse.promoted', defaultMessage: 'Promoted' },
  reach: { id: 'pulse.reach', defaultMessage: 'Readers in the org stream' },
});

/** Whether a pulse has anything to show: any activity, any promotion, anyone new. */
function isEmpty(pulse: Pulse): boolean {
  return pulse.newMembers.length === 0 && pulse.weeks.every((w) => w.posts + w.replies + w.promoted + w.joined === 0);
}

export function PulsePanel() {
  const intl = useIntl();
  const stream = useStore((s) => s.streams.find((st) => st.id === s.selectedStreamId) ?? null);
  const setPanel = useStore((s) => s.setPanel);
  const [weeks, setWeeks] = useState(12);
  const teamId = stream?.teamId ?? null;
  if (!stream || teamId === null) return null;
  return (
    <SidePanel
      className="pulse-panel"
      testId="pulse-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      <div className="panel-body">
        <p className="hint">
          <FormattedMessage {...messages.intro} values={{ team: stream.name }} />
        </p>
        <label className="pulse-period">
          <FormattedMessage {...messages.period} />{' '}
          <select value={weeks} data-testid="pulse-weeks" onChange={(e) => setWeeks(Number(e.target.value))}>
            {PULSE_WEEK_CHOICES.map((n) => (
              <option key={n} value={n}>
                {intl.formatMessage(messages.weeks, { count: n })}
              </option>
            ))}
          </select>
        </label>
        <PulseBody teamId={teamId} teamName={stream.name} weeks={weeks} />
      </div>
    </SidePanel>
  );
}

function PulseBody({ teamId, teamName, weeks }: { teamId: string; teamName: string; weeks: number }) {
  const intl = useIntl();
  const { answer, error, loading, reload } = usePulse(teamId, weeks);
  if (loading)
    return (
      <p className="hint" role="status">
        <FormattedMessage {...messages.loading} />
      </p>
    );
  if (error)
    return (
      <p role="alert" className="error-text" title={error.message}>
        {formatError(intl, error)}
      </p>
    );
  const pulse = answer?.pulse ?? null;
  if (!answer || !pulse)
    return (
      <div className="empty-state" data-testid="pulse-needs-server">
        <p>
          <FormattedMessage {...messages.needsServer} />
        </p>
        <button type="button" className="button button-small" onClick={reload}>
          <FormattedMessage {...messages.retry} />
        </button>
      </div>
    );
  // "as of" the server's computation: a pulse kept in the cache is as old as that, not as its fetch
  const time = fullDate(intl, pulse.computedAt);
  return (
    <>
      {answer.source === 'cache' ? (
        <p className="notice" role="status" data-testid="pulse-from-cache">
          <FormattedMessage {...messages.fromCache} values={{ time }} />{' '}
          <button type="button" className="button button-small" onClick={reload}>
            <FormattedMessage {...messages.retry} />
          </button>
        </p>
      ) : (
        <p className="hint muted" data-testid="pulse-computed-at">
          <FormattedMessage {...messages.computedAt} values={{ time }} />
        </p>
      )}
      {isEmpty(pulse) ? (
        <div className="empty-state" data-testid="pulse-empty">
          <FormattedMessage {...messages.empty} values={{ team: teamName, count: weeks }} />
        </div>
      ) : (
        <>
          <PulseFigure
            testId="pulse-activity"
            kind="bar"
            title={intl.formatMessage(messages.activity)}
            weeks={pulse.weeks}
            series={[
              { key: 'posts', label: intl.formatMessage(messages.posts), color: '#3b6ea8' },
              { key: 'replies', label: intl.formatMessage(messages.replies), color: '#8fb3d9' },
            ]}
          />
          <PulseFigure
            testId="pulse-members"
            kind="line"
            title={intl.formatMessage(messages.members)}
            weeks={pulse.weeks}
            series={[{ key: 'activeMembers', label: intl.formatMessage(messages.activeMembers), color: '#2e8b57' }]}
          />
          <PulseFigure
            testId="pulse-promotions"
            kind="bar"
            title={intl.formatMessage(messages.promotions)}
            weeks={pulse.weeks}
            series={[
              { key: 'promoted', label: intl.formatMessage(messages.promoted), color: '#b5651d' },
              { key: 'reach', label: intl.formatMessage(messages.reach), color: '#e0a96d' },
            ]}
          />
          <NewMembersTable members={pulse.newMembers} medianMs={pulse.medianTimeToFirstPostMs} />
        </>
      )}
    </>
  );
}

/**
 * Time to first post: the people who first joined in the period, when they joined, when they first
 * posted in the team's stream and how long that took (or that they have not yet), with the median
 * above; someone who has left since is marked so beside their name.
 */
import { defineMessages, FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import type { PulseNewMember } from '../../../../shared/protocol';

const messages = defineMessages({
  caption: { id: 'pulse.newMembers.caption', defaultMessage: 'Time to first post of new members' },
  name: { id: 'pulse.newMembers.name', defaultMessage: 'Member' },
  joined: { id: 'pulse.newMembers.joined', defaultMessage: 'Joined' },
  firstPost: { id: 'pulse.newMembers.firstPost', defaultMessage: 'First post' },
  wait: { id: 'pulse.newMembers.wait', defaultMessage: 'Time to first post' },
  notYet: { id: 'pulse.newMembers.notYet', defaultMessage: 'Not yet' },
  left: { id: 'pulse.newMembers.left', defaultMessage: '(left on {date})' },
  none: {
    id: 'pulse.newMembers.none',
    defaultMessage:
      'Nobody joined the team in these weeks. When someone does, a welcome and a question in the stream help them post.',
  },
  median: {
    id: 'pulse.newMembers.median',
    defaultMessage:
      '{count, plural, one {# new member} other {# new members}}; half of those who posted did so within {duration}.',
  },
  medianNone: {
    id: 'pulse.newMembers.medianNone',
    defaultMessage: '{count, plural, one {# new member has} other {# new members have}} not posted yet.',
  },
});

const HOUR_MS = 3_600_000;

/** A duration as the locale writes it: minutes under an hour, hours under two days, else days. */
export function durationLabel(intl: IntlShape, ms: number): string {
  const unit = (value: number, name: 'minute' | 'hour' | 'day') =>
    intl.formatNumber(value, { style: 'unit', unit: name, unitDisplay: 'long', maximumFractionDigits: 1 });
  if (ms < HOUR_MS) return unit(Math.max(1, Math.round(ms / 60_000)), 'minute');
  if (ms < 48 * HOUR_MS) return unit(ms / HOUR_MS, 'hour');
  return unit(ms / (24 * HOUR_MS), 'day');
}

export function NewMembersTable({
  members,
  medianMs,
}: {
  members: readonly PulseNewMember[];
  medianMs: number | null;
}) {
  const intl = useIntl();
  if (members.length === 0)
    return (
      <p className="hint" data-testid="pulse-new-members-none">
        <FormattedMessage {...messages.none} />
      </p>
    );
  const date = (ms: number) => intl.formatDate(ms, { dateStyle: 'medium' });
  return (
    <div className="pulse-figure" data-testid="pulse-new-members">
      <p>
        {medianMs === null ? (
          <FormattedMessage {...messages.medianNone} values={{ count: members.length }} />
        ) : (
          <FormattedMessage
            {...messages.median}
            values={{ count: members.length, duration: durationLabel(intl, medianMs) }}
          />
        )}
      </p>
      <table className="pulse-table">
        <caption>
          <FormattedMessage {...messages.caption} />
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage {...messages.name} />
            </th>
            <th scope="col">
              <FormattedMessage {...messages.joined} />
            </th>
            <th scope="col">
              <FormattedMessage {...messages.firstPost} />
            </th>
            <th scope="col">
              <FormattedMessage {...messages.wait} />
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <th scope="row">
                {m.name}
                {m.leftAt !== null && (
                  <>
                    {' '}
                    <span className="muted" data-testid="pulse-member-left">
                      <FormattedMessage {...messages.left} values={{ date: date(m.leftAt) }} />
                    </span>
                  </>
                )}
              </th>
              <td>{date(m.joinedAt)}</td>
              <td>{m.firstPostAt === null ? <FormattedMessage {...messages.notYet} /> : date(m.firstPostAt)}</td>
              <td>{m.firstPostAt === null ? '–' : durationLabel(intl, m.firstPostAt - m.joinedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

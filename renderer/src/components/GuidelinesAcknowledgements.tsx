/**
 * Who acknowledged which version of a scope's guidelines, for its curators and org admins: counts,
 * names, and an "Export CSV" download. It re-reads live as people acknowledge (store/pushes.ts).
 */
import { useEffect } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { shortDate } from '../lib/format';
import { useStore } from '../store';

const messages = defineMessages({
  title: { id: 'guidelines.acks.title', defaultMessage: 'Acknowledgements' },
  summary: {
    id: 'guidelines.acks.summary',
    defaultMessage:
      '{count, number} of {members, plural, one {# member} other {# members}} acknowledged the current version.',
  },
  byVersion: {
    id: 'guidelines.acks.byVersion',
    defaultMessage: 'Version {version, number}: {count, plural, one {# person} other {# people}}',
  },
  name: { id: 'guidelines.acks.name', defaultMessage: 'Name' },
  acknowledged: { id: 'guidelines.acks.acknowledged', defaultMessage: 'Acknowledged' },
  versionAt: { id: 'guidelines.acks.versionAt', defaultMessage: 'Version {version, number} on {at}' },
  notYet: { id: 'guidelines.acks.notYet', defaultMessage: 'Not yet' },
  export: { id: 'guidelines.acks.export', defaultMessage: 'Export CSV' },
});

export function GuidelinesAcknowledgements({ teamId }: { teamId: string | null }) {
  const intl = useIntl();
  const report = useStore((s) => (s.acknowledgements?.teamId === teamId ? s.acknowledgements : null));
  const load = useStore((s) => s.loadAcknowledgements);
  const exportCsv = useStore((s) => s.exportAcknowledgements);

  useEffect(() => {
    void load(teamId);
  }, [load, teamId]);

  if (!report) return null;
  const current = report.currentVersion;
  const currentCount = report.byVersion.find((v) => v.version === current)?.count ?? 0;
  return (
    <section className="guidelines-acks" data-testid="guidelines-acks" aria-labelledby="guidelines-acks-title">
      <h3 id="guidelines-acks-title">
        <FormattedMessage {...messages.title} />
      </h3>
      <p data-testid="guidelines-acks-summary">
        <FormattedMessage {...messages.summary} values={{ count: currentCount, members: report.memberCount }} />
      </p>
      <ul className="guidelines-acks-versions">
        {report.byVersion.map((v) => (
          <li key={v.version}>
            <FormattedMessage {...messages.byVersion} values={v} />
          </li>
        ))}
      </ul>
      <table className="guidelines-acks-table">
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage {...messages.name} />
            </th>
            <th scope="col">
              <FormattedMessage {...messages.acknowledged} />
            </th>
          </tr>
        </thead>
        <tbody>
          {report.members.map((m) => (
            <tr key={m.userId} data-testid="guidelines-ack-row">
              <td>{m.name}</td>
              <td>
                {m.acknowledgedVersion === null || m.acknowledgedAt === null ? (
                  <FormattedMessage {...messages.notYet} />
                ) : (
                  <FormattedMessage
                    {...messages.versionAt}
                    values={{ version: m.acknowledgedVersion, at: shortDate(intl, m.acknowledgedAt) }}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button" onClick={() => void exportCsv(teamId)}>
        <FormattedMessage {...messages.export} />
      </button>
    </section>
  );
}

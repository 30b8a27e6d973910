/**
 * The audit viewer for org admins and compliance: the organization's trail newest first, filtered by
 * action, person, team and dates; a promotion's step opens its whole chain (proposed, consented,
 * approved, published, unpublished) with who and when. Online only: the trail never reaches laptops.
 */
import { useMemo, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { AuditEntry } from '../../../../shared/protocol';
import { formatError } from '../../i18n/errors';
import { fullDate } from '../../lib/format';
import { useStore } from '../../store';
import { SidePanel } from '../SidePanel';
import { ACTION_LABELS, FILTER_ACTIONS, isPromotionStep } from './auditActions';
import { useAuditTrail, type AuditFilter } from './useAuditTrail';

const messages = defineMessages({
  title: { id: 'audit.title', defaultMessage: 'Audit trail' },
  close: { id: 'audit.close', defaultMessage: 'Close the audit trail' },
  filters: { id: 'audit.filters', defaultMessage: 'Filter the audit trail' },
  action: { id: 'audit.filter.action', defaultMessage: 'What' },
  person: { id: 'audit.filter.person', defaultMessage: 'Who' },
  team: { id: 'audit.filter.team', defaultMessage: 'Team' },
  from: { id: 'audit.filter.from', defaultMessage: 'From' },
  to: { id: 'audit.filter.to', defaultMessage: 'To' },
  any: { id: 'audit.filter.any', defaultMessage: 'Any' },
  chainOnly: { id: 'audit.chainOnly', defaultMessage: 'Showing the steps of one promotion.' },
  showAll: { id: 'audit.showAll', defaultMessage: 'Show everything' },
  showChain: { id: 'audit.showChain', defaultMessage: 'Whole chain' },
  showChainLabel: { id: 'audit.showChainLabel', defaultMessage: 'Show every step of this promotion' },
  system: { id: 'audit.system', defaultMessage: 'The system' },
  inTeam: { id: 'audit.inTeam', defaultMessage: 'in {team}' },
  none: { id: 'audit.none', defaultMessage: 'No records match these filters.' },
  loading: { id: 'audit.loading', defaultMessage: 'Loading…' },
  older: { id: 'audit.older', defaultMessage: 'Show older records' },
  list: { id: 'audit.list', defaultMessage: 'Audit records, newest first' },
});

/** A date input's day as the start of that local day, in ms (undefined when empty). */
const dayStart = (value: string): number | undefined => (value ? new Date(`${value}T00:00`).getTime() : undefined);
const DAY = 24 * 60 * 60 * 1000;

export function AuditPanel() {
  const intl = useIntl();
  const setPanel = useStore((s) => s.setPanel);
  const users = useStore((s) => s.users);
  const teams = useStore((s) => s.teams);
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState('');
  const [teamId, setTeamId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [target, setTarget] = useState<string | null>(null);

  const filter = useMemo((): AuditFilter => {
    if (target !== null) return { target };
    const start = dayStart(from);
    const end = dayStart(to);
    return {
      ...(action ? { action } : {}),
      ...(actorId ? { actorId } : {}),
      ...(teamId ? { teamId } : {}),
      ...(start !== undefined ? { from: start } : {}),
      ...(end !== undefined ? { to: end + DAY } : {}),
    };
  }, [action, actorId, teamId, from, to, target]);
  const trail = useAuditTrail(filter);
  const anyLabel = intl.formatMessage(messages.any);

  return (
    <SidePanel
      className="audit-panel"
      testId="audit-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      <div className="panel-body">
        {target === null ? (
          <fieldset className="audit-filters">
            <legend className="visually-hidden">{intl.formatMessage(messages.filters)}</legend>
            <label>
              <FormattedMessage {...messages.action} />
              <select value={action} onChange={(e) => setAction(e.target.value)}>
                <option value="">{anyLabel}</option>
                {FILTER_ACTIONS.map((name) => (
                  <option key={name} value={name}>
                    {intl.formatMessage(ACTION_LABELS[name]!)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <FormattedMessage {...messages.person} />
              <select value={actorId} onChange={(e) => setActorId(e.target.value)}>
                <option value="">{anyLabel}</option>
                {users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <FormattedMessage {...messages.team} />
              <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
                <option value="">{anyLabel}</option>
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <FormattedMessage {...messages.from} />
              <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              <FormattedMessage {...messages.to} />
              <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
          </fieldset>
        ) : (
          <p className="hint" data-testid="audit-chain-note">
            <FormattedMessage {...messages.chainOnly} />{' '}
            <button type="button" className="button button-small" onClick={() => setTarget(null)}>
              <FormattedMessage {...messages.showAll} />
            </button>
          </p>
        )}
        {trail.error && (
          <p role="alert" className="error-text" title={trail.error.message}>
            {formatError(intl, trail.error)}
          </p>
        )}
        <ol className="audit-list" aria-label={intl.formatMessage(messages.list)} aria-busy={trail.loading}>
          {trail.entries.map((entry) => (
            <AuditRow key={entry.id} entry={entry} onChain={target === null ? setTarget : null} />
          ))}
        </ol>
        {!trail.loading && !trail.error && trail.entries.length === 0 && (
          <p className="hint">
            <FormattedMessage {...messages.none} />
          </p>
        )}
        {trail.loading && (
          <p className="hint" aria-live="polite">
            <FormattedMessage {...messages.loading} />
          </p>
        )}
        {trail.hasMore && !trail.loading && (
          <button type="button" className="button" onClick={trail.loadMore}>
            <FormattedMessage {...messages.older} />
          </button>
        )}
      </div>
    </SidePanel>
  );
}

function AuditRow({ entry, onChain }: { entry: AuditEntry; onChain: ((target: string) => void) | null }) {
  const intl = useIntl();
  const label = ACTION_LABELS[entry.action];
  return (
    <li className="audit-entry" data-testid="audit-entry">
      <time dateTime={new Date(entry.at).toISOString()}>{fullDate(intl, entry.at)}</time>{' '}
      <strong>{label ? intl.formatMessage(label) : entry.action}</strong>{' '}
      <span>{entry.actor ? entry.actor.name : intl.formatMessage(messages.system)}</span>
      {entry.teamName !== null && (
        <span className="muted"> {intl.formatMessage(messages.inTeam, { team: entry.teamName })}</span>
      )}
      {onChain && entry.target !== null && isPromotionStep(entry.action) && (
        <button
          type="button"
          className="button button-small"
          aria-label={intl.formatMessage(messages.showChainLabel)}
          onClick={() => onChain(entry.target!)}
        >
          <FormattedMessage {...messages.showChain} />
        </button>
      )}
    </li>
  );
}

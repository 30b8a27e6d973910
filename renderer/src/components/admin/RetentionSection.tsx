/**
 * The admin console's retention tab: the organization's default period and each team's override, in
 * days, or "keep forever" (docs/governance.md#retention-periods). Reads and saves through
 * `retention:get`/`retention:set` (online only); the server audits each change and the next purge
 * pass applies it.
 */
import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { ApiError, RetentionSettings as Settings } from '../../../../shared/protocol';
import { MAX_RETENTION_DAYS } from '../../../../shared/protocol/retention';
import { call } from '../../api/client';
import { formatError, toApiError } from '../../i18n/errors';
import { useStore } from '../../store';

const messages = defineMessages({
  intro: {
    id: 'retention.settings.intro',
    defaultMessage: 'Messages older than their stream’s period are deleted everywhere, except what a legal hold keeps.',
  },
  orgDefault: { id: 'retention.settings.orgDefault', defaultMessage: 'Organization default' },
  teamOverride: { id: 'retention.settings.teamOverride', defaultMessage: 'Team {team}' },
  days: { id: 'retention.settings.days', defaultMessage: 'Days to keep for {scope}' },
  forever: { id: 'retention.settings.forever', defaultMessage: 'Forever' },
  usesDefault: { id: 'retention.settings.usesDefault', defaultMessage: 'Uses the default' },
  save: { id: 'retention.settings.save', defaultMessage: 'Save' },
  saveLabel: { id: 'retention.settings.saveLabel', defaultMessage: 'Save the period for {scope}' },
  badDays: {
    id: 'retention.settings.badDays',
    defaultMessage: 'Enter whole days from 1 to {max}, or leave empty to keep forever.',
  },
  saved: { id: 'retention.settings.saved', defaultMessage: 'Saved.' },
  loading: { id: 'retention.settings.loading', defaultMessage: 'Loading…' },
});

/** A days field's text as a period: empty → forever (null), else whole days in range, else undefined. */
function parseDays(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const days = Number(trimmed);
  return Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS ? days : undefined;
}

export function RetentionSection() {
  const intl = useIntl();
  const teams = useStore((s) => s.teams);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    call('retention:get', {}).then(
      (r) => live && setSettings(r.settings),
      (err: unknown) => live && setError(toApiError(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  const save = async (teamId: string | null, days: number | null) => {
    setError(null);
    try {
      const r = await call('retention:set', teamId === null ? { days } : { teamId, days });
      setSettings(r.settings);
      return true;
    } catch (err) {
      setError(toApiError(err));
      return false;
    }
  };

  return (
    <section className="admin-section retention-settings" data-testid="retention-settings">
      <p className="hint">
        <FormattedMessage {...messages.intro} />
      </p>
      {error && (
        <p role="alert" className="error-text" title={error.message}>
          {formatError(intl, error)}
        </p>
      )}
      {settings === null ? (
        !error && (
          <p className="hint">
            <FormattedMessage {...messages.loading} />
          </p>
        )
      ) : (
        <ul className="retention-rows">
          <PeriodRow
            scope={intl.formatMessage(messages.orgDefault)}
            days={settings.orgDays}
            onSave={(days) => save(null, days)}
          />
          {teams.map((team) => {
            const override = settings.teams.find((t) => t.teamId === team.id);
            return (
              <PeriodRow
                key={team.id}
                scope={intl.formatMessage(messages.teamOverride, { team: team.name })}
                days={override ? override.days : undefined}
                onSave={(days) => save(team.id, days)}
              />
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** One period: `days` undefined is a team without an override (it uses the default). */
function PeriodRow({
  scope,
  days,
  onSave,
}: {
  scope: string;
  days: number | null | undefined;
  onSave: (days: number | null) => Promise<boolean>;
}) {
  const intl = useIntl();
  const [text, setText] = useState(days === null || days === undefined ? '' : String(days));
  const [state, setState] = useState<'idle' | 'invalid' | 'saved'>('idle');
  const parsed = parseDays(text);
  const submit = async () => {
    if (parsed === undefined) return setState('invalid');
    setState((await onSave(parsed)) ? 'saved' : 'idle');
  };
  return (
    <li className="retention-row" data-testid="retention-row">
      <label>
        <span>{scope}</span>{' '}
        <input
          type="number"
          min={1}
          max={MAX_RETENTION_DAYS}
          step={1}
          value={text}
          placeholder={intl.formatMessage(days === undefined ? messages.usesDefault : messages.forever)}
          aria-label={intl.formatMessage(messages.days, { scope })}
          aria-invalid={state === 'invalid'}
          onChange={(e) => {
            setText(e.target.value);
            setState('idle');
          }}
        />
      </label>{' '}
      <button
        type="button"
        className="button button-small"
        aria-label={intl.formatMessage(messages.saveLabel, { scope })}
        onClick={() => void submit()}
      >
        <FormattedMessage {...messages.save} />
      </button>
      {state === 'invalid' && (
        <span role="alert" className="error-text">
          <FormattedMessage {...messages.badDays} values={{ max: MAX_RETENTION_DAYS }} />
        </span>
      )}
      {state === 'saved' && (
        <span role="status">
          <FormattedMessage {...messages.saved} />
        </span>
      )}
    </li>
  );
}

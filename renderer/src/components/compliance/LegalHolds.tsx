/**
 * Legal holds in the compliance console: the organization's holds (active first), a form to place
 * one on a person or a team with a reason, and a release button per active hold. Online only: the
 * server answers every step and audits it.
 */
import { useCallback, useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { ApiError, LegalHoldView } from '../../../../shared/protocol';
import { MAX_HOLD_REASON_CHARS } from '../../../../shared/protocol/legalHolds';
import { call } from '../../api/client';
import { formatError, toApiError } from '../../i18n/errors';
import { fullDate } from '../../lib/format';
import { useStore } from '../../store';

const messages = defineMessages({
  heading: { id: 'compliance.holds.heading', defaultMessage: 'Legal holds' },
  covers: { id: 'compliance.holds.covers', defaultMessage: 'Hold on' },
  choose: { id: 'compliance.holds.choose', defaultMessage: 'Choose a person or a team' },
  people: { id: 'compliance.holds.people', defaultMessage: 'People' },
  teams: { id: 'compliance.holds.teams', defaultMessage: 'Teams' },
  reason: { id: 'compliance.holds.reason', defaultMessage: 'Reason' },
  place: { id: 'compliance.holds.place', defaultMessage: 'Place hold' },
  release: { id: 'compliance.holds.release', defaultMessage: 'Release' },
  releaseLabel: { id: 'compliance.holds.releaseLabel', defaultMessage: 'Release the hold on {covers}' },
  active: { id: 'compliance.holds.active', defaultMessage: 'Held since {date}' },
  released: { id: 'compliance.holds.released', defaultMessage: 'Released {date}' },
  none: { id: 'compliance.holds.none', defaultMessage: 'No legal holds.' },
  list: { id: 'compliance.holds.list', defaultMessage: 'Legal holds, newest first' },
});

export function LegalHolds() {
  const intl = useIntl();
  const users = useStore((s) => s.users);
  const teams = useStore((s) => s.teams);
  const [holds, setHolds] = useState<LegalHoldView[] | null>(null);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const reload = useCallback(async () => {
    try {
      setHolds((await call('hold:list', {})).holds);
    } catch (err) {
      setError(toApiError(err));
    }
  }, []);
  useEffect(() => {
    let live = true;
    call('hold:list', {}).then(
      (r) => live && setHolds(r.holds),
      (err: unknown) => live && setError(toApiError(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await reload();
      return true;
    } catch (err) {
      setError(toApiError(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const place = async () => {
    const [kind, id] = target.split(':');
    if (!id || !reason.trim()) return;
    const placed = await act(() =>
      call('hold:place', kind === 'team' ? { teamId: id, reason } : { userId: id, reason }),
    );
    if (placed) {
      setTarget('');
      setReason('');
    }
  };
  const sorted = [...(holds ?? [])].sort(
    (a, b) => Number(a.releasedAt !== null) - Number(b.releasedAt !== null) || b.createdAt - a.createdAt,
  );

  return (
    <section className="compliance-holds" data-testid="legal-holds">
      <h3>
        <FormattedMessage {...messages.heading} />
      </h3>
      <form
        className="hold-form"
        onSubmit={(e) => {
          e.preventDefault();
          void place();
        }}
      >
        <label>
          <FormattedMessage {...messages.covers} />{' '}
          <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="hold-target">
            <option value="">{intl.formatMessage(messages.choose)}</option>
            <optgroup label={intl.formatMessage(messages.people)}>
              {users.map((u) => (
                <option key={u.id} value={`user:${u.id}`}>
                  {u.name} ({u.email})
                </option>
              ))}
            </optgroup>
            <optgroup label={intl.formatMessage(messages.teams)}>
              {teams.map((t) => (
                <option key={t.id} value={`team:${t.id}`}>
                  {t.name} (@{t.handle})
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label>
          <FormattedMessage {...messages.reason} />{' '}
          <input
            type="text"
            value={reason}
            maxLength={MAX_HOLD_REASON_CHARS}
            onChange={(e) => setReason(e.target.value)}
            data-testid="hold-reason"
          />
        </label>
        <button type="submit" className="button" disabled={busy || !target || !reason.trim()}>
          <FormattedMessage {...messages.place} />
        </button>
      </form>
      {error && (
        <p role="alert" className="error-text" title={error.message}>
          {formatError(intl, error)}
        </p>
      )}
      {holds !== null && holds.length === 0 && (
        <p className="hint">
          <FormattedMessage {...messages.none} />
        </p>
      )}
      <ul className="hold-list" aria-label={intl.formatMessage(messages.list)}>
        {sorted.map((hold) => (
          <li key={hold.id} className="hold" data-testid="legal-hold" data-active={hold.releasedAt === null}>
            <strong>{hold.covers}</strong> — {hold.reason}{' '}
            <span className="muted">
              {hold.releasedAt === null ? (
                <FormattedMessage {...messages.active} values={{ date: fullDate(intl, hold.createdAt) }} />
              ) : (
                <FormattedMessage {...messages.released} values={{ date: fullDate(intl, hold.releasedAt) }} />
              )}
            </span>{' '}
            {hold.releasedAt === null && (
              <button
                type="button"
                className="button button-small"
                disabled={busy}
                aria-label={intl.formatMessage(messages.releaseLabel, { covers: hold.covers })}
                onClick={() => void act(() => call('hold:release', { holdId: hold.id }))}
              >
                <FormattedMessage {...messages.release} />
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

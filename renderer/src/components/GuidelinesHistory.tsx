/**
 * Earlier versions of guidelines, under the current one in the guidelines panel: one button per
 * earlier version (newest first); choosing one reads it from the server and shows it with who
 * published it and when. Online only: the cache keeps the current version alone.
 */
import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { GuidelinesVersion } from '../../../shared/protocol/guidelines';
import { formatText, type UiText } from '../i18n/text';
import { fullDate } from '../lib/format';
import { fetchGuidelinesVersion } from '../store/guidelineVersions';
import { Markdown } from './Markdown';

const messages = defineMessages({
  title: { id: 'guidelines.history.title', defaultMessage: 'Earlier versions' },
  choose: { id: 'guidelines.history.choose', defaultMessage: 'Version {version, number}' },
  loading: { id: 'guidelines.history.loading', defaultMessage: 'Loading version {version, number}…' },
  shown: {
    id: 'guidelines.history.shown',
    defaultMessage: 'Version {version, number}, published by {publisher} on {at}',
  },
  hide: { id: 'guidelines.history.hide', defaultMessage: 'Hide this version' },
});

export function GuidelinesHistory({ teamId, currentVersion }: { teamId: string | null; currentVersion: number }) {
  const intl = useIntl();
  const [shown, setShown] = useState<GuidelinesVersion | null>(null);
  const [loading, setLoading] = useState<number | null>(null);
  const [error, setError] = useState<UiText | null>(null);
  if (currentVersion <= 1) return null;
  const earlier = Array.from({ length: currentVersion - 1 }, (_, i) => currentVersion - 1 - i);

  const open = async (version: number) => {
    setLoading(version);
    setError(null);
    const answer = await fetchGuidelinesVersion(teamId, version);
    setLoading(null);
    if ('error' in answer) {
      setShown(null);
      setError(answer.error);
    } else setShown(answer.version);
  };

  return (
    <section className="guidelines-history" aria-labelledby="guidelines-history-title" data-testid="guidelines-history">
      <h3 id="guidelines-history-title">
        <FormattedMessage {...messages.title} />
      </h3>
      <ul className="guidelines-history-versions">
        {earlier.map((version) => (
          <li key={version}>
            <button
              type="button"
              className="button button-small"
              aria-pressed={shown?.version === version}
              disabled={loading !== null}
              onClick={() => void open(version)}
            >
              <FormattedMessage {...messages.choose} values={{ version }} />
            </button>
          </li>
        ))}
      </ul>
      {loading !== null && (
        <p className="muted" role="status">
          <FormattedMessage {...messages.loading} values={{ version: loading }} />
        </p>
      )}
      {error && (
        <p role="alert" className="error-text">
          {formatText(intl, error)}
        </p>
      )}
      {shown && (
        <article className="guidelines-history-version" data-testid="guidelines-history-version">
          <p className="muted">
            <FormattedMessage
              {...messages.shown}
              values={{ version: shown.version, publisher: shown.publisherName, at: fullDate(intl, shown.publishedAt) }}
            />
          </p>
          <Markdown text={shown.body} />
          <button type="button" className="button button-small" onClick={() => setShown(null)}>
            <FormattedMessage {...messages.hide} />
          </button>
        </article>
      )}
    </section>
  );
}

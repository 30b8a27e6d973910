/**
 * The console's export: pick the format (JSONL, CSV, or EML as a folder of .eml files) and whether to export only what happened since this
 * account's last completed export, then the client core downloads to a file with a progress bar
 * (records done of total) and a cancel button. The cursor advances only when a download completed.
 */
import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { ExportProgress } from '../../../../shared/ipc';
import type { ApiError, ExportDownloadFormat } from '../../../../shared/protocol';
import { call, onPush } from '../../api/client';
import { formatError, toApiError } from '../../i18n/errors';
import { fullDate } from '../../lib/format';

const messages = defineMessages({
  heading: { id: 'compliance.export.heading', defaultMessage: 'Export' },
  format: { id: 'compliance.export.formatLabel', defaultMessage: 'Format' },
  jsonl: { id: 'compliance.export.jsonl', defaultMessage: 'JSONL: every event, one per line' },
  csv: { id: 'compliance.export.csv', defaultMessage: 'CSV: one row per message, for spreadsheets' },
  eml: { id: 'compliance.export.eml', defaultMessage: 'EML: a new folder with one mail file per message' },
  sinceLast: { id: 'compliance.export.sinceLast', defaultMessage: 'Only what happened since my last export' },
  lastAt: { id: 'compliance.export.lastAt', defaultMessage: 'Last complete export: {date}' },
  never: { id: 'compliance.export.never', defaultMessage: 'No complete export from this account yet.' },
  start: { id: 'compliance.export.start', defaultMessage: 'Export' },
  cancel: { id: 'compliance.export.cancel', defaultMessage: 'Cancel' },
  progressLabel: { id: 'compliance.export.progressLabel', defaultMessage: 'Export progress' },
  progress: { id: 'compliance.export.progress', defaultMessage: '{done} of {total} records' },
  starting: { id: 'compliance.export.starting', defaultMessage: 'Preparing the export…' },
  done: { id: 'compliance.export.done', defaultMessage: 'Saved {count} records to {path}' },
  failed: {
    id: 'compliance.export.failed',
    defaultMessage: 'The export did not finish and nothing was kept: {reason}',
  },
  cancelled: { id: 'compliance.export.cancelled', defaultMessage: 'Export cancelled; nothing was kept.' },
});

const FORMATS: readonly ExportDownloadFormat[] = ['jsonl', 'csv', 'eml'];

export function ExportDownload() {
  const intl = useIntl();
  const [format, setFormat] = useState<ExportDownloadFormat>('jsonl');
  const [sinceLast, setSinceLast] = useState(false);
  const [lastExportAt, setLastExportAt] = useState<number | null>(null);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    // each format has its own "last export" (its own cursor): ask again when the format changes
    call('export:state', { format }).then(
      (state) => {
        if (!live) return;
        setLastExportAt(state.lastExportAt);
        if (state.running) setProgress(state.running);
      },
      (err: unknown) => live && setError(toApiError(err)),
    );
    // the format cannot change while a download runs (the choice is disabled): a done one was this format's
    const off = onPush('export:progress', (p) => {
      setProgress(p);
      if (p.state === 'done') setLastExportAt(Date.now());
    });
    return () => {
      live = false;
      off();
    };
  }, [format]);

  const running = progress?.state === 'running';
  const start = async () => {
    setError(null);
    try {
      await call('export:start', { format, sinceLast: sinceLast && lastExportAt !== null });
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const cancel = () => void call('export:cancel', {}).catch((err: unknown) => setError(toApiError(err)));
  const total = progress?.total ?? null;

  return (
    <section className="compliance-export" data-testid="compliance-export">
      <h3>
        <FormattedMessage {...messages.heading} />
      </h3>
      <fieldset className="export-formats" disabled={running}>
        <legend>
          <FormattedMessage {...messages.format} />
        </legend>
        {FORMATS.map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="export-format"
              value={value}
              checked={format === value}
              onChange={() => setFormat(value)}
            />{' '}
            <FormattedMessage {...messages[value]} />
          </label>
        ))}
      </fieldset>
      <label>
        <input
          type="checkbox"
          checked={sinceLast && lastExportAt !== null}
          disabled={running || lastExportAt === null}
          onChange={(e) => setSinceLast(e.target.checked)}
        />{' '}
        <FormattedMessage {...messages.sinceLast} />
      </label>
      <p className="hint">
        {lastExportAt === null ? (
          <FormattedMessage {...messages.never} />
        ) : (
          <FormattedMessage {...messages.lastAt} values={{ date: fullDate(intl, lastExportAt) }} />
        )}
      </p>
      <div className="button-row">
        <button type="button" className="button" disabled={running} onClick={() => void start()}>
          <FormattedMessage {...messages.start} />
        </button>
        {running && (
          <button type="button" className="button" onClick={cancel}>
            <FormattedMessage {...messages.cancel} />
          </button>
        )}
      </div>
      {progress && running && (
        <div aria-live="polite">
          <progress
            data-testid="export-progress"
            aria-label={intl.formatMessage(messages.progressLabel)}
            max={total ?? undefined}
            value={total === null ? undefined : progress.done}
          />{' '}
          {total === null ? (
            <FormattedMessage {...messages.starting} />
          ) : (
            <FormattedMessage {...messages.progress} values={{ done: progress.done, total }} />
          )}
        </div>
      )}
      {progress?.state === 'done' && (
        <p role="status" data-testid="export-done">
          <progress
            data-testid="export-progress"
            aria-label={intl.formatMessage(messages.progressLabel)}
            max={Math.max(1, progress.total ?? 0)}
            value={Math.max(1, progress.total ?? 0)}
          />{' '}
          <FormattedMessage {...messages.done} values={{ count: progress.done, path: progress.path }} />
        </p>
      )}
      {progress?.state === 'failed' && (
        <p role="alert" className="error-text">
          <FormattedMessage {...messages.failed} values={{ reason: progress.error ?? '' }} />
        </p>
      )}
      {progress?.state === 'cancelled' && (
        <p role="status">
          <FormattedMessage {...messages.cancelled} />
        </p>
      )}
      {error && (
        <p role="alert" className="error-text" title={error.message}>
          {formatError(intl, error)}
        </p>
      )}
    </section>
  );
}

/*
 * Settings → Offline files: how much the offline file cache holds, its bound (least recently used
 * files go past it), and a button to empty it. Previews of recent messages and files opened once are
 * kept there, so they show without a connection.
 */
import { useEffect, useId, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { FileCacheInfo } from '../../../../shared/ipc';
import { call } from '../../api/client';
import { uiError } from '../../i18n/text';
import { useStore } from '../../store';
import { formatFileSize } from './fileSize';

const messages = defineMessages({
  title: { id: 'files.cache.title', defaultMessage: 'Offline files' },
  explain: {
    id: 'files.cache.explain',
    defaultMessage:
      'Previews of the last week’s images and every file you open are kept on this computer, so they show offline. Signing out removes them.',
  },
  usage: {
    id: 'files.cache.usage',
    defaultMessage: '{used} of {limit} used ({count, plural, one {# item} other {# items}})',
  },
  limit: { id: 'files.cache.limit', defaultMessage: 'Largest size (MB)' },
  save: { id: 'files.cache.save', defaultMessage: 'Save size' },
  clear: { id: 'files.cache.clear', defaultMessage: 'Remove offline files' },
});

const MB = 1024 * 1024;

export function FileCacheSettings() {
  const intl = useIntl();
  const toast = useStore((s) => s.toast);
  const [info, setInfo] = useState<FileCacheInfo | null>(null);
  const [limitMb, setLimitMb] = useState('');
  const inputId = useId();

  const show = (next: FileCacheInfo) => {
    setInfo(next);
    setLimitMb(String(Math.round(next.limitBytes / MB)));
  };
  const run = (request: Promise<FileCacheInfo>) =>
    void request.then(show, (err: unknown) => toast(uiError(err), 'error'));

  useEffect(() => {
    void call('fileCache:get', {}).then(show, () => setInfo(null));
  }, []);

  if (!info) return null;
  const parsedMb = Number(limitMb);
  const valid = limitMb.trim() !== '' && Number.isInteger(parsedMb) && parsedMb >= 0 && parsedMb <= 20 * 1024;
  return (
    <section aria-labelledby="settings-files" data-testid="file-cache-settings">
      <h3 id="settings-files">{intl.formatMessage(messages.title)}</h3>
      <p className="muted">
        <FormattedMessage {...messages.explain} />
      </p>
      <p data-testid="file-cache-usage">
        <FormattedMessage
          {...messages.usage}
          values={{
            used: formatFileSize(intl, info.bytes),
            limit: formatFileSize(intl, info.limitBytes),
            count: info.entries,
          }}
        />
      </p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) run(call('fileCache:set', { limitBytes: parsedMb * MB }));
        }}
      >
        <label htmlFor={inputId}>{intl.formatMessage(messages.limit)}</label>
        <input
          id={inputId}
          type="number"
          min={0}
          max={20 * 1024}
          step={1}
          value={limitMb}
          aria-invalid={!valid}
          onChange={(e) => setLimitMb(e.target.value)}
        />
        <button type="submit" className="button button-small" disabled={!valid}>
          {intl.formatMessage(messages.save)}
        </button>
      </form>
      <button type="button" className="button" onClick={() => run(call('fileCache:clear', {}))}>
        {intl.formatMessage(messages.clear)}
      </button>
    </section>
  );
}

/*
 * The draft's attachments above the composer: name, size, upload progress (a labelled progressbar),
 * a note on those that upload once online, and one button that cancels an upload or removes a finished one before sending.
 */
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatText } from '../../i18n/text';
import { useStore, type Attachment } from '../../store';
import { formatFileSize } from './fileSize';

const messages = defineMessages({
  list: { id: 'files.attachments', defaultMessage: 'Attachments' },
  progress: { id: 'files.progress', defaultMessage: 'Uploading {name}' },
  cancel: { id: 'files.cancelUpload', defaultMessage: 'Cancel uploading {name}' },
  remove: { id: 'files.removeAttachment', defaultMessage: 'Remove {name}' },
  failed: { id: 'files.uploadFailed', defaultMessage: 'Not uploaded' },
  queued: { id: 'files.uploadQueued', defaultMessage: 'Uploads when you are online' },
});

const NONE: Attachment[] = [];

export function AttachmentList({ draftKey }: { draftKey: string }) {
  const intl = useIntl();
  const attachments = useStore((s) => s.attachments[draftKey] ?? NONE);
  const remove = useStore((s) => s.removeAttachment);
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label={intl.formatMessage(messages.list)} data-testid="attachments">
      {attachments.map((a) => (
        <li key={a.localId} className={`attachment attachment-${a.state}`} data-testid="attachment">
          <span className="attachment-name">{a.name}</span>{' '}
          <span className="attachment-size muted">{formatFileSize(intl, a.size)}</span>
          {a.state === 'uploading' && (
            <progress
              className="attachment-progress"
              max={Math.max(a.size, 1)}
              value={a.sent}
              aria-label={intl.formatMessage(messages.progress, { name: a.name })}
            />
          )}
          {a.state === 'queued' && (
            <span className="attachment-queued muted" data-testid="attachment-queued">
              <FormattedMessage {...messages.queued} />
            </span>
          )}
          {a.state === 'failed' && (
            <span className="attachment-error" title={a.error ? formatText(intl, a.error) : undefined}>
              <FormattedMessage {...messages.failed} />
            </span>
          )}
          <button
            type="button"
            className="button button-small attachment-remove"
            aria-label={intl.formatMessage(a.state === 'uploading' ? messages.cancel : messages.remove, {
              name: a.name,
            })}
            onClick={() => remove(draftKey, a.localId)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/*
 * A message's files: images as previews (the server's thumbnail; a click shows the full image, with
 * a button to open the file), everything else as a card with name, size, type and an open button.
 * Previews come from the core's offline cache when there is no connection.
 */
import { useCallback, useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { FileRef } from '../../../../shared/protocol';
import { uiError } from '../../i18n/text';
import { useStore } from '../../store';
import { Modal } from '../Modal';
import { formatFileSize, isPreviewable } from './fileSize';
import { openFile, useContentUrl, useThumbnailUrl } from './fileUrls';

const messages = defineMessages({
  files: { id: 'files.inMessage', defaultMessage: 'Attached files' },
  showImage: { id: 'files.showImage', defaultMessage: 'Show image {name}' },
  open: { id: 'files.open', defaultMessage: 'Open' },
  openNamed: { id: 'files.openNamed', defaultMessage: 'Open {name}' },
  close: { id: 'files.closeImage', defaultMessage: 'Close' },
  unknownType: { id: 'files.unknownType', defaultMessage: 'File' },
});

function useOpen() {
  const toast = useStore((s) => s.toast);
  return (file: FileRef) => void openFile(file).catch((err: unknown) => toast(uiError(err), 'error'));
}

/** A short type for the card: the mime's subtype in capitals ("PDF", "ZIP"), or "File" when unknown. */
function typeLabel(mime: string): string | null {
  if (mime === 'application/octet-stream') return null;
  const sub = mime.split('/')[1] ?? mime;
  return sub
    .replace(/^(x-|vnd\.)/, '')
    .split(/[.+;]/)[0]!
    .toUpperCase();
}

function FileCard({ file }: { file: FileRef }) {
  const intl = useIntl();
  const open = useOpen();
  const type = typeLabel(file.mime);
  return (
    <div className="file-card" data-testid="file-card">
      <span className="file-name">{file.name}</span>
      <span className="file-meta muted">
        {type ?? <FormattedMessage {...messages.unknownType} />} · {formatFileSize(intl, file.size)}
      </span>
      <button
        type="button"
        className="button button-small"
        aria-label={intl.formatMessage(messages.openNamed, { name: file.name })}
        onClick={() => open(file)}
      >
        <FormattedMessage {...messages.open} />
      </button>
    </div>
  );
}

function ImageViewer({ file, onClose }: { file: FileRef; onClose: () => void }) {
  const intl = useIntl();
  const open = useOpen();
  const toast = useStore((s) => s.toast);
  const { url, failed, error } = useContentUrl(file);
  useEffect(() => {
    if (!failed) return;
    toast(uiError(error), 'error');
    onClose();
  }, [failed, error, toast, onClose]);
  return (
    <Modal onClose={onClose} className="image-viewer" testId="image-viewer" label={file.name}>
      {url && <img src={url} alt={file.name} className="image-full" />}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => open(file)}>
          <FormattedMessage {...messages.open} />
        </button>
        <button type="button" className="button" onClick={onClose}>
          {intl.formatMessage(messages.close)}
        </button>
      </div>
    </Modal>
  );
}

function ImagePreview({ file }: { file: FileRef }) {
  const intl = useIntl();
  const { url, failed } = useThumbnailUrl(file.id);
  const [viewing, setViewing] = useState(false);
  const close = useCallback(() => setViewing(false), []);
  if (failed) return <FileCard file={file} />;
  return (
    <>
      <button
        type="button"
        className="image-preview"
        data-testid="image-preview"
        aria-label={intl.formatMessage(messages.showImage, { name: file.name })}
        onClick={() => setViewing(true)}
      >
        {url ? <img src={url} alt={file.name} /> : <span className="image-placeholder muted">{file.name}</span>}
      </button>
      {viewing && <ImageViewer file={file} onClose={close} />}
    </>
  );
}

/** The files of one message, or nothing. */
export function MessageFiles({ files }: { files: FileRef[] | undefined }) {
  const intl = useIntl();
  if (!files || files.length === 0) return null;
  return (
    <ul className="message-files" aria-label={intl.formatMessage(messages.files)} data-testid="message-files">
      {files.map((f) => (
        <li key={f.id}>{isPreviewable(f) ? <ImagePreview file={f} /> : <FileCard file={f} />}</li>
      ))}
    </ul>
  );
}

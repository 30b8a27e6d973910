/**
 * Every version of a message, oldest first, with who wrote it and when: opened from a message's
 * "(edited)" mark. The server decides who may read it (the author, the team's curators, compliance);
 * anyone else sees why not.
 */
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatText } from '../i18n/text';
import { fullDate } from '../lib/format';
import { useStore } from '../store';
import { Markdown } from './Markdown';
import { Modal } from './Modal';

const messages = defineMessages({
  title: { id: 'editHistory.title', defaultMessage: 'Edit history' },
  loading: { id: 'editHistory.loading', defaultMessage: 'Loading the earlier versions…' },
  empty: { id: 'editHistory.empty', defaultMessage: 'This message was deleted; its earlier versions are gone.' },
  version: {
    id: 'editHistory.version',
    defaultMessage: '{number, select, 1 {Original} other {Version {number, number}}} by {editor}, {at}',
  },
  close: { id: 'editHistory.close', defaultMessage: 'Close' },
});

export function EditHistoryDialog() {
  const intl = useIntl();
  const history = useStore((s) => s.editHistory);
  const close = useStore((s) => s.closeEditHistory);
  if (!history) return null;
  const { versions, error } = history;
  return (
    <Modal onClose={close} className="edit-history" labelledBy="edit-history-title" testId="edit-history">
      <h2 id="edit-history-title">
        <FormattedMessage {...messages.title} />
      </h2>
      {error ? (
        <p role="alert" className="error-text">
          {formatText(intl, error)}
        </p>
      ) : versions === null ? (
        <p className="muted">
          <FormattedMessage {...messages.loading} />
        </p>
      ) : versions.length === 0 ? (
        <p className="muted">
          <FormattedMessage {...messages.empty} />
        </p>
      ) : (
        <ol className="edit-history-versions">
          {versions.map((v, i) => (
            <li key={`${v.at}-${i}`} data-testid="edit-history-version">
              <p className="muted">
                <FormattedMessage
                  {...messages.version}
                  values={{ number: i + 1, editor: v.editorName, at: fullDate(intl, v.at) }}
                />
              </p>
              <Markdown text={v.body} myHandle={null} />
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="button" onClick={close}>
        <FormattedMessage {...messages.close} />
      </button>
    </Modal>
  );
}

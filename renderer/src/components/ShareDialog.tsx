/**
 * "Share to organization": shows exactly what the organization would see (the body as rendered,
 * with its provenance line) before proposing, plus an optional note for the curators.
 */
import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useStore } from '../store';
import { Markdown } from './Markdown';
import { Modal } from './Modal';
import { provenanceMessages } from './ProvenanceBadge';

const messages = defineMessages({
  title: { id: 'share.title', defaultMessage: 'Share to organization' },
  intro: { id: 'share.intro', defaultMessage: 'Once it is published, everyone in the organization sees exactly this:' },
  preview: { id: 'share.preview', defaultMessage: 'Preview' },
  yourTeam: { id: 'share.yourTeam', defaultMessage: 'your team' },
  note: { id: 'share.note', defaultMessage: 'Note for the curators (optional)' },
  cancel: { id: 'share.cancel', defaultMessage: 'Cancel' },
  propose: { id: 'share.propose', defaultMessage: 'Propose for organization' },
});

export function ShareDialog() {
  const intl = useIntl();
  const message = useStore((s) => s.shareMessage);
  const setShareMessage = useStore((s) => s.setShareMessage);
  const teamName = useStore((s) => s.streams.find((st) => st.id === message?.streamId)?.name ?? null);
  const propose = useStore((s) => s.propose);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  if (!message) return null;
  const close = () => {
    setNote('');
    setShareMessage(null);
  };
  const submit = async () => {
    setBusy(true);
    const ok = await propose(message.id, note);
    setBusy(false);
    if (ok) close();
  };
  return (
    <Modal
      onClose={close}
      className="share-dialog"
      labelledBy="share-title"
      testId="share-dialog"
      initialFocus="textarea"
    >
      <h2 id="share-title">
        <FormattedMessage {...messages.title} />
      </h2>
      <p className="muted">
        <FormattedMessage {...messages.intro} />
      </p>
      <div className="share-preview" data-testid="share-preview" aria-label={intl.formatMessage(messages.preview)}>
        <div className="provenance">
          <FormattedMessage
            {...provenanceMessages.origin}
            values={{ team: teamName ?? intl.formatMessage(messages.yourTeam), author: message.authorName }}
          />
        </div>
        <Markdown text={message.body} />
      </div>
      <label>
        <FormattedMessage {...messages.note} />
        <textarea value={note} maxLength={2000} rows={3} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="modal-actions">
        <button type="button" className="button" onClick={close}>
          <FormattedMessage {...messages.cancel} />
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void submit()}>
          <FormattedMessage {...messages.propose} />
        </button>
      </div>
    </Modal>
  );
}

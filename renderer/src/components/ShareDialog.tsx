/**
 * "Share to organization": shows exactly what the organization would see (the body as rendered,
 * with its provenance line) before proposing, plus an optional note for the curators.
 */
import { useState } from 'react';
import { useStore } from '../store';
import { Markdown } from './Markdown';
import { Modal } from './Modal';

export function ShareDialog() {
  const message = useStore((s) => s.shareMessage);
  const setShareMessage = useStore((s) => s.setShareMessage);
  const teamName = useStore((s) => s.streams.find((st) => st.id === message?.streamId)?.name ?? 'your team');
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
      <h2 id="share-title">Share to organization</h2>
      <p className="muted">Once it is published, everyone in the organization sees exactly this:</p>
      <div className="share-preview" data-testid="share-preview" aria-label="Preview">
        <div className="provenance">
          Shared from {teamName} · by {message.authorName}
        </div>
        <Markdown text={message.body} />
      </div>
      <label>
        Note for the curators (optional)
        <textarea value={note} maxLength={2000} rows={3} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="modal-actions">
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void submit()}>
          Propose for organization
        </button>
      </div>
    </Modal>
  );
}

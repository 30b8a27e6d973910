/** Edits one own message in place: Enter saves, Shift+Enter adds a line, Escape cancels. */
import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useStore } from '../store';
import { BodyLimitNotice, useBodyTooLong } from './BodyLimit';

const messages = defineMessages({
  label: { id: 'editor.label', defaultMessage: 'Edited message text' },
  cancel: { id: 'editor.cancel', defaultMessage: 'Cancel' },
  save: { id: 'editor.save', defaultMessage: 'Save' },
});

export function InlineEditor({ messageId, body }: { messageId: string; body: string }) {
  const intl = useIntl();
  const [text, setText] = useState(body);
  const edit = useStore((s) => s.editMessage);
  const setEditing = useStore((s) => s.setEditing);
  const tooLong = useBodyTooLong(text);
  const save = () => {
    const trimmed = text.trim();
    if (!trimmed || tooLong) return;
    if (trimmed === body.trim()) setEditing(null);
    else void edit(messageId, trimmed);
  };
  return (
    <div className="inline-editor" data-testid="inline-editor">
      <textarea
        aria-label={intl.formatMessage(messages.label)}
        value={text}
        autoFocus
        rows={Math.min(8, text.split('\n').length + 1)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            setEditing(null);
          }
        }}
      />
      <BodyLimitNotice text={text} />
      <div className="inline-editor-actions">
        <button type="button" className="button" onClick={() => setEditing(null)}>
          <FormattedMessage {...messages.cancel} />
        </button>
        <button type="button" className="button button-primary" onClick={save} disabled={tooLong}>
          <FormattedMessage {...messages.save} />
        </button>
      </div>
    </div>
  );
}

/** Edits one own message in place: Enter saves, Shift+Enter adds a line, Escape cancels. */
import { useState } from 'react';
import { useStore } from '../store';
import { BodyLimitNotice, useBodyTooLong } from './BodyLimit';

export function InlineEditor({ messageId, body }: { messageId: string; body: string }) {
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
        aria-label="Edited message text"
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
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={save} disabled={tooLong}>
          Save
        </button>
      </div>
    </div>
  );
}

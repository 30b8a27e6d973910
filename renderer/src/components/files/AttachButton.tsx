/*
 * The composer's paperclip: a real button (keyboard, label) that opens the system's file picker
 * through a hidden input; the picked files are attached to the draft.
 */
import { useRef } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { useStore } from '../../store';

const messages = defineMessages({
  attach: { id: 'files.attach', defaultMessage: 'Attach files' },
});

export function AttachButton({ draftKey, streamId }: { draftKey: string; streamId: string }) {
  const intl = useIntl();
  const input = useRef<HTMLInputElement>(null);
  const attachFiles = useStore((s) => s.attachFiles);
  const label = intl.formatMessage(messages.attach);
  return (
    <>
      <button
        type="button"
        className="button composer-attach"
        aria-label={label}
        title={label}
        data-testid="attach-button"
        onClick={() => input.current?.click()}
      >
        <svg
          width="16"
          height="16"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          aria-hidden="true"
          focusable="false"
        >
          <path d="m21 11-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" />
        </svg>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        data-testid="attach-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // the same file picked again must fire a change too
          e.currentTarget.value = '';
          if (files.length > 0) attachFiles(draftKey, streamId, files);
        }}
      />
    </>
  );
}

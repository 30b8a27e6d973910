/**
 * The composer's emoji button: opens the emoji picker (search, arrows, Enter, Escape) above the
 * message box, and hands the chosen emoji to the composer, which inserts it at the caret. Focus goes
 * back to the message box either way, so typing carries on where it stopped.
 */
import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { EmojiPicker } from './EmojiPicker';

/** Offered first in the composer's picker until the user has picked something of their own. */
const COMPOSER_QUICK_EMOJI = ['🙂', '😄', '👍', '🎉', '❤️', '🙏', '👀', '🚀'];

const messages = defineMessages({
  insert: { id: 'composer.insertEmoji', defaultMessage: 'Insert emoji' },
});

export function ComposerEmojiButton({ onInsert, onDone }: { onInsert: (emoji: string) => void; onDone: () => void }) {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const close = () => {
    setOpen(false);
    onDone();
  };
  return (
    <span className="composer-emoji">
      <button
        type="button"
        className="icon-button composer-emoji-button"
        data-testid="composer-emoji"
        aria-label={intl.formatMessage(messages.insert)}
        title={intl.formatMessage(messages.insert)}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">☺︎</span>
      </button>
      {open && (
        <EmojiPicker
          fallbackRecent={COMPOSER_QUICK_EMOJI}
          onClose={close}
          onPick={(emoji) => {
            onInsert(emoji);
            close();
          }}
        />
      )}
    </span>
  );
}

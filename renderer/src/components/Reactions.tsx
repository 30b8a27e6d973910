/** Reaction chips with counts (click toggles your own) and a small picker to add one. */
import { useState } from 'react';
import { defineMessages, FormattedNumber, useIntl } from 'react-intl';
import type { Reactions as ReactionMap } from '../../../shared/protocol';
import { useStore } from '../store';

export const QUICK_EMOJI = ['👍', '🎉', '❤️', '😄', '👀', '🚀'];

const messages = defineMessages({
  chip: {
    id: 'reaction.chip',
    defaultMessage:
      '{emoji} {count, plural, one {# reaction} other {# reactions}}{mine, select, yes {, including yours} other {}}',
  },
  add: { id: 'reaction.add', defaultMessage: 'Add reaction' },
  menu: { id: 'reaction.menu', defaultMessage: 'Choose a reaction' },
  reactWith: { id: 'reaction.reactWith', defaultMessage: 'React with {emoji}' },
});

export function Reactions({
  messageId,
  reactions,
  myId,
}: {
  messageId: string;
  reactions: ReactionMap;
  myId: string | null;
}) {
  const intl = useIntl();
  const toggle = useStore((s) => s.toggleReaction);
  const entries = Object.entries(reactions).filter(([, users]) => users.length > 0);
  if (entries.length === 0) return null;
  return (
    <div className="reactions" data-testid="reactions">
      {entries.map(([emoji, users]) => {
        const mine = myId !== null && users.includes(myId);
        return (
          <button
            key={emoji}
            type="button"
            className={`reaction${mine ? ' reaction-mine' : ''}`}
            aria-pressed={mine}
            aria-label={intl.formatMessage(messages.chip, { emoji, count: users.length, mine: mine ? 'yes' : 'no' })}
            onClick={() => void toggle(messageId, emoji)}
          >
            <span aria-hidden="true">{emoji}</span>{' '}
            <span className="reaction-count">
              <FormattedNumber value={users.length} />
            </span>
          </button>
        );
      })}
    </div>
  );
}

export function ReactionPicker({ messageId }: { messageId: string }) {
  const intl = useIntl();
  const toggle = useStore((s) => s.toggleReaction);
  const [open, setOpen] = useState(false);
  return (
    <span className="reaction-picker">
      <button
        type="button"
        className="icon-button"
        aria-label={intl.formatMessage(messages.add)}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        ☺︎+
      </button>
      {open && (
        <span className="reaction-menu" role="menu" aria-label={intl.formatMessage(messages.menu)}>
          {QUICK_EMOJI.map((e) => (
            <button
              key={e}
              type="button"
              role="menuitem"
              aria-label={intl.formatMessage(messages.reactWith, { emoji: e })}
              onClick={() => {
                setOpen(false);
                void toggle(messageId, e);
              }}
              onKeyDown={(ev) => {
                if (ev.key !== 'Escape') return;
                ev.preventDefault(); // closes the menu only, not the thread around it
                setOpen(false);
              }}
            >
              {e}
            </button>
          ))}
        </span>
      )}
    </span>
  );
}

/** Reaction chips with counts (click toggles your own) and a small picker to add one. */
import { useState } from 'react';
import type { Reactions as ReactionMap } from '../../../shared/protocol';
import { useStore } from '../store';

export const QUICK_EMOJI = ['👍', '🎉', '❤️', '😄', '👀', '🚀'];

export function Reactions({
  messageId,
  reactions,
  myId,
}: {
  messageId: string;
  reactions: ReactionMap;
  myId: string | null;
}) {
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
            aria-label={`${emoji} ${users.length} ${users.length === 1 ? 'reaction' : 'reactions'}${mine ? ', including yours' : ''}`}
            onClick={() => void toggle(messageId, emoji)}
          >
            <span aria-hidden="true">{emoji}</span> <span className="reaction-count">{users.length}</span>
          </button>
        );
      })}
    </div>
  );
}

export function ReactionPicker({ messageId }: { messageId: string }) {
  const toggle = useStore((s) => s.toggleReaction);
  const [open, setOpen] = useState(false);
  return (
    <span className="reaction-picker">
      <button
        type="button"
        className="icon-button"
        aria-label="Add reaction"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        ☺︎+
      </button>
      {open && (
        <span className="reaction-menu" role="menu" aria-label="Choose a reaction">
          {QUICK_EMOJI.map((e) => (
            <button
              key={e}
              type="button"
              role="menuitem"
              aria-label={`React with ${e}`}
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

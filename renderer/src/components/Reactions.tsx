/**
 * Reaction chips with counts (click toggles your own), each naming who reacted on hover or keyboard
 * focus, and the emoji picker to add one.
 */
import { useId, useState } from 'react';
import { defineMessages, FormattedNumber, useIntl, type IntlShape } from 'react-intl';
import type { Reactions as ReactionMap, User } from '../../../shared/protocol';
import { useStore } from '../store';
import { EmojiPicker } from './EmojiPicker';
import { personNames } from '../store/personNames';

/** Offered first in the picker until the user has reacted with something of their own. */
export const QUICK_EMOJI = ['👍', '🎉', '❤️', '😄', '👀', '🚀'];
/** Up to this many reactors are named; more are "you and N others". */
const NAMED_REACTORS = 3;

const messages = defineMessages({
  chip: {
    id: 'reaction.chip',
    defaultMessage:
      '{emoji} {count, plural, one {# reaction} other {# reactions}}{mine, select, yes {, including yours} other {}}',
  },
  add: { id: 'reaction.add', defaultMessage: 'Add reaction' },
  you: { id: 'reaction.you', defaultMessage: 'You' },
  unknown: { id: 'reaction.unknownUser', defaultMessage: 'Unknown user' },
  whoFew: { id: 'reaction.whoFew', defaultMessage: '{names} reacted with {emoji}' },
  whoMany: {
    id: 'reaction.whoMany',
    defaultMessage: '{first} and {others, plural, one {# other} other {# others}} reacted with {emoji}',
  },
});

/** "You, Alice Archer and Bob Baker reacted with 👍" or "You and 4 others reacted with 👍". */
export function whoReacted(
  intl: IntlShape,
  emoji: string,
  userIds: readonly string[],
  users: readonly User[],
  myId: string | null,
): string {
  const byId = personNames(users);
  const name = (id: string) =>
    id === myId ? intl.formatMessage(messages.you) : (byId.get(id) ?? intl.formatMessage(messages.unknown));
  // me first: the line is about whether I am among them
  const ordered = myId !== null && userIds.includes(myId) ? [myId, ...userIds.filter((id) => id !== myId)] : userIds;
  if (ordered.length <= NAMED_REACTORS)
    return intl.formatMessage(messages.whoFew, { names: intl.formatList(ordered.map(name)), emoji });
  return intl.formatMessage(messages.whoMany, { first: name(ordered[0]!), others: ordered.length - 1, emoji });
}

function ReactionChip({
  messageId,
  emoji,
  userIds,
  myId,
}: {
  messageId: string;
  emoji: string;
  userIds: string[];
  myId: string | null;
}) {
  const intl = useIntl();
  const toggle = useStore((s) => s.toggleReaction);
  const users = useStore((s) => s.users);
  const [shown, setShown] = useState(false);
  const tipId = useId();
  const mine = myId !== null && userIds.includes(myId);
  return (
    <span className="reaction-wrap" onMouseEnter={() => setShown(true)} onMouseLeave={() => setShown(false)}>
      <button
        type="button"
        className={`reaction${mine ? ' reaction-mine' : ''}`}
        aria-pressed={mine}
        aria-label={intl.formatMessage(messages.chip, { emoji, count: userIds.length, mine: mine ? 'yes' : 'no' })}
        aria-describedby={tipId}
        onClick={() => void toggle(messageId, emoji)}
        onFocus={() => setShown(true)}
        onBlur={() => setShown(false)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !shown) return;
          e.preventDefault(); // hides the tooltip only (WCAG 1.4.13: dismissible without moving focus)
          e.stopPropagation();
          setShown(false);
        }}
      >
        <span aria-hidden="true">{emoji}</span>{' '}
        <span className="reaction-count">
          <FormattedNumber value={userIds.length} />
        </span>
      </button>
      {/* always in the document, so screen readers get the names as the chip's description */}
      <span id={tipId} role="tooltip" className="reaction-tooltip" hidden={!shown} data-testid="reaction-tooltip">
        {whoReacted(intl, emoji, userIds, users, myId)}
      </span>
    </span>
  );
}

export function Reactions({
  messageId,
  reactions,
  myId,
}: {
  messageId: string;
  reactions: ReactionMap;
  myId: string | null;
}) {
  const entries = Object.entries(reactions).filter(([, users]) => users.length > 0);
  if (entries.length === 0) return null;
  return (
    <div className="reactions" data-testid="reactions">
      {entries.map(([emoji, userIds]) => (
        <ReactionChip key={emoji} messageId={messageId} emoji={emoji} userIds={userIds} myId={myId} />
      ))}
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
        <EmojiPicker
          fallbackRecent={QUICK_EMOJI}
          onClose={() => setOpen(false)}
          onPick={(emoji) => {
            setOpen(false);
            void toggle(messageId, emoji);
          }}
        />
      )}
    </span>
  );
}

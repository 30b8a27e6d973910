/**
 * The emoji picker: a search box over emojibase's dataset (name, keywords, `:shortcode:`) with the
 * recently used emoji first. Keyboard: focus stays in the box (a combobox); arrows move through the
 * grid (Left/Right by one, Up/Down by a row), Enter picks, Escape closes.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { searchEmoji, type EmojiEntry } from '../lib/emojiSearch';
import { recentEmoji, rememberEmoji } from '../lib/recentEmoji';

/** Emoji per grid row (Up/Down move by this many). */
export const EMOJI_COLUMNS = 8;

const messages = defineMessages({
  dialog: { id: 'emoji.picker', defaultMessage: 'Emoji picker' },
  search: { id: 'emoji.search', defaultMessage: 'Search emoji' },
  results: { id: 'emoji.results', defaultMessage: 'Emoji' },
  recent: { id: 'emoji.recent', defaultMessage: 'Recently used' },
  none: { id: 'emoji.none', defaultMessage: 'No emoji match “{query}”.' },
});

export function EmojiPicker({
  onPick,
  onClose,
  fallbackRecent = [],
}: {
  onPick: (emoji: string) => void;
  onClose: () => void;
  /** Offered first while nothing has been used yet. */
  fallbackRecent?: readonly string[];
}) {
  const intl = useIntl();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [recent] = useState(() => {
    const used = recentEmoji();
    return used.length > 0 ? used : [...fallbackRecent];
  });
  const listId = useId();
  const options = useMemo<EmojiEntry[]>(() => {
    const found = searchEmoji(query);
    if (query.trim() !== '') return found;
    // recent ones first (by their names in the dataset), then the rest without repeating them
    const byEmoji = new Map(searchEmoji('', Infinity).map((e) => [e.emoji, e]));
    const first = recent.map((e) => byEmoji.get(e) ?? { emoji: e, label: e, words: [], shortcodes: [] });
    return [...first, ...found.filter((e) => !recent.includes(e.emoji))];
  }, [query, recent]);
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  const pick = (entry: EmojiEntry | undefined) => {
    if (!entry) return;
    rememberEmoji(entry.emoji);
    onPick(entry.emoji);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const step: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: EMOJI_COLUMNS,
      ArrowUp: -EMOJI_COLUMNS,
    };
    const delta = step[e.key];
    if (delta !== undefined && options.length > 0) {
      e.preventDefault();
      setActive(Math.min(options.length - 1, Math.max(0, activeIndex + delta)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(options[activeIndex]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation(); // closes the picker only, not the thread or dialog around it
      onClose();
    }
  };

  return (
    <div className="emoji-picker" role="dialog" aria-label={intl.formatMessage(messages.dialog)}>
      <input
        type="search"
        className="emoji-search"
        role="combobox"
        aria-label={intl.formatMessage(messages.search)}
        placeholder={intl.formatMessage(messages.search)}
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-activedescendant={options.length > 0 ? `${listId}-${activeIndex}` : undefined}
        // the picker opens on a click or a key: the search box is where the user goes next
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {query.trim() === '' && recent.length > 0 && recentEmoji().length > 0 && (
        <p className="emoji-section muted">
          <FormattedMessage {...messages.recent} />
        </p>
      )}
      {options.length === 0 ? (
        <p className="muted" role="status">
          <FormattedMessage {...messages.none} values={{ query }} />
        </p>
      ) : (
        <div
          id={listId}
          className="emoji-grid"
          role="listbox"
          aria-label={intl.formatMessage(messages.results)}
          style={{ gridTemplateColumns: `repeat(${EMOJI_COLUMNS}, 2em)` }}
        >
          {options.map((entry, i) => (
            <div
              key={entry.emoji}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              aria-label={entry.label}
              title={entry.label}
              className={`emoji-option${i === activeIndex ? ' active' : ''}`}
              onMouseDown={(e) => e.preventDefault()} // keep focus in the search box
              onClick={() => pick(entry)}
            >
              {entry.emoji}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

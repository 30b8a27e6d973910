/** Ctrl/Cmd+K: type to filter streams, arrows to move, Enter opens, Escape closes. */
import { useId, useMemo, useState } from 'react';
import { defineMessages, FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import { useStore } from '../store';
import { Modal } from './Modal';

const messages = defineMessages({
  dialog: { id: 'switcher.dialog', defaultMessage: 'Switch stream' },
  input: { id: 'switcher.input', defaultMessage: 'Stream name' },
  placeholder: { id: 'switcher.placeholder', defaultMessage: 'Jump to a stream…' },
  list: { id: 'switcher.list', defaultMessage: 'Streams' },
  noMatch: { id: 'switcher.noMatch', defaultMessage: 'No stream matches.' },
});

export function QuickSwitcher() {
  const intl = useIntl();
  const streams = useStore((s) => s.streams);
  const selectStream = useStore((s) => s.selectStream);
  const setOpen = useStore((s) => s.setSwitcherOpen);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return streams.filter((s) => s.name.toLowerCase().includes(q));
  }, [streams, query]);
  const index = Math.min(active, matches.length - 1);
  const choose = (i: number) => {
    const s = matches[i];
    if (!s) return;
    selectStream(s.id);
    setOpen(false);
  };
  return (
    <Modal
      onClose={() => setOpen(false)}
      className="switcher"
      label={intl.formatMessage(messages.dialog)}
      testId="quick-switcher"
      initialFocus="input"
    >
      <input
        aria-label={intl.formatMessage(messages.input)}
        placeholder={intl.formatMessage(messages.placeholder)}
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={matches.length > 0 ? `${listId}-${index}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            choose(index);
          } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            if (matches.length > 0)
              setActive((index + (e.key === 'ArrowDown' ? 1 : -1) + matches.length) % matches.length);
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label={intl.formatMessage(messages.list)}>
        {matches.map((s, i) => (
          <li
            key={s.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === index}
            className={i === index ? 'active' : undefined}
            onClick={() => choose(i)}
          >
            {s.kind === 'org' ? '◎' : '#'} {s.name}
            {s.unread > 0 && (
              <span className="badge badge-unread">
                <FormattedNumber value={s.unread} />
              </span>
            )}
          </li>
        ))}
        {matches.length === 0 && (
          <li className="muted">
            <FormattedMessage {...messages.noMatch} />
          </li>
        )}
      </ul>
    </Modal>
  );
}

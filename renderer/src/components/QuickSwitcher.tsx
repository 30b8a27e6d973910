/**
 * Ctrl/Cmd+K: type to filter streams and people, arrows to move, Enter opens, Escape closes. A person
 * opens my conversation with them (the existing one, or a new one: that needs the server).
 */
import { useId, useMemo, useState } from 'react';
import { defineMessages, FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import type { Stream, User } from '../../../shared/protocol';
import { selectMyId, useStore } from '../store';
import { shownName } from '../store/personNames';
import { Modal } from './Modal';
import { streamIcon } from './Sidebar';

const messages = defineMessages({
  dialog: { id: 'switcher.dialog', defaultMessage: 'Switch stream' },
  input: { id: 'switcher.input', defaultMessage: 'Stream name' },
  placeholder: { id: 'switcher.placeholder', defaultMessage: 'Jump to a stream or a person…' },
  list: { id: 'switcher.list', defaultMessage: 'Streams' },
  noMatch: { id: 'switcher.noMatch', defaultMessage: 'No stream matches.' },
  person: { id: 'switcher.person', defaultMessage: 'Message {name}' },
});

/** One entry of the switcher: a stream to open, or a person to message. */
type Choice = { stream: Stream } | { person: User };

function matchesPerson(user: User, q: string): boolean {
  return (
    user.name.toLowerCase().includes(q) ||
    user.handle.toLowerCase().includes(q) ||
    (user.displayName?.toLowerCase().includes(q) ?? false)
  );
}

export function QuickSwitcher() {
  const intl = useIntl();
  const streams = useStore((s) => s.streams);
  const users = useStore((s) => s.users);
  const myId = useStore(selectMyId);
  const selectStream = useStore((s) => s.selectStream);
  const openDirect = useStore((s) => s.openDirect);
  const setOpen = useStore((s) => s.setSwitcherOpen);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo((): Choice[] => {
    const q = query.trim().toLowerCase();
    const found: Choice[] = streams.filter((s) => s.name.toLowerCase().includes(q)).map((stream) => ({ stream }));
    // People after streams: typing a colleague's name finds a conversation with them first, if any.
    const people = q === '' ? [] : users.filter((u) => u.id !== myId && matchesPerson(u, q));
    return [...found, ...people.map((person) => ({ person }))];
  }, [streams, users, myId, query]);
  const index = Math.min(active, matches.length - 1);
  const choose = (i: number) => {
    const c = matches[i];
    if (!c) return;
    if ('person' in c) {
      void openDirect([c.person.id]);
      return;
    }
    selectStream(c.stream.id);
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
        {matches.map((c, i) => (
          <li
            key={'person' in c ? `person-${c.person.id}` : c.stream.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === index}
            className={i === index ? 'active' : undefined}
            data-testid={'person' in c ? 'switcher-person' : 'switcher-stream'}
            onClick={() => choose(i)}
          >
            {'person' in c ? (
              <FormattedMessage {...messages.person} values={{ name: shownName(c.person) }} />
            ) : (
              <>
                {streamIcon(c.stream)} {c.stream.name}
                {c.stream.unread > 0 && (
                  <span className="badge badge-unread">
                    <FormattedNumber value={c.stream.unread} />
                  </span>
                )}
              </>
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

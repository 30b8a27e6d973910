/**
 * "New conversation": pick up to 8 colleagues (9 people with me, the server's limit) by name or
 * handle, then open the conversation of exactly those people (the existing one if there is one).
 */
import { useMemo, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { MAX_DIRECT_PARTICIPANTS } from '../../../shared/protocol';
import { selectMyId, useStore } from '../store';
import { Modal } from './Modal';
import { Avatar } from './Avatar';
import { shownName } from '../store/personNames';

const MAX_OTHERS = MAX_DIRECT_PARTICIPANTS - 1;

const messages = defineMessages({
  title: { id: 'direct.picker.title', defaultMessage: 'New conversation' },
  filter: { id: 'direct.picker.filter', defaultMessage: 'Find people' },
  people: { id: 'direct.picker.people', defaultMessage: 'People' },
  limit: {
    id: 'direct.picker.limit',
    defaultMessage: '{count, plural, one {# person chosen} other {# people chosen}}, up to {max}.',
  },
  noMatch: { id: 'direct.picker.noMatch', defaultMessage: 'Nobody matches.' },
  cancel: { id: 'direct.picker.cancel', defaultMessage: 'Cancel' },
  start: { id: 'direct.picker.start', defaultMessage: 'Start conversation' },
});

export function DirectPicker() {
  const intl = useIntl();
  const myId = useStore(selectMyId);
  const users = useStore((s) => s.users);
  const setOpen = useStore((s) => s.setDirectPickerOpen);
  const openDirect = useStore((s) => s.openDirect);
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return users.filter(
      (u) =>
        u.id !== myId &&
        (shownName(u).toLowerCase().includes(q) ||
          u.name.toLowerCase().includes(q) ||
          u.handle.toLowerCase().includes(q)),
    );
  }, [users, myId, query]);
  const toggle = (id: string) => setChosen((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id]));
  const start = async () => {
    setBusy(true);
    await openDirect(chosen);
    setBusy(false);
  };
  return (
    <Modal
      onClose={() => setOpen(false)}
      className="direct-picker"
      labelledBy="direct-picker-title"
      testId="direct-picker"
      initialFocus="input"
    >
      <h2 id="direct-picker-title">
        <FormattedMessage {...messages.title} />
      </h2>
      <input
        type="search"
        aria-label={intl.formatMessage(messages.filter)}
        placeholder={intl.formatMessage(messages.filter)}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p className="muted" aria-live="polite">
        <FormattedMessage {...messages.limit} values={{ count: chosen.length, max: MAX_OTHERS }} />
      </p>
      <ul className="direct-picker-list" aria-label={intl.formatMessage(messages.people)}>
        {matches.map((u) => {
          const checked = chosen.includes(u.id);
          return (
            <li key={u.id}>
              <label>
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={!checked && chosen.length >= MAX_OTHERS}
                  onChange={() => toggle(u.id)}
                />{' '}
                <Avatar userId={u.id} name={shownName(u)} className="person-avatar" />
                {shownName(u)} <span className="muted">@{u.handle}</span>
              </label>
            </li>
          );
        })}
        {matches.length === 0 && (
          <li className="muted">
            <FormattedMessage {...messages.noMatch} />
          </li>
        )}
      </ul>
      <div className="modal-actions">
        <button type="button" className="button" onClick={() => setOpen(false)}>
          <FormattedMessage {...messages.cancel} />
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy || chosen.length === 0}
          onClick={() => void start()}
        >
          <FormattedMessage {...messages.start} />
        </button>
      </div>
    </Modal>
  );
}

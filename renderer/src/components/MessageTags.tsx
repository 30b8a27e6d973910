/**
 * Tags added to a message after posting (`message:tag`): shown as chips under the body, since the
 * body does not write them, and the small form that adds one. Only the author, a curator of the
 * stream's team or an org admin sees the form and the remove buttons (the server checks the same).
 */
import { useMemo, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { referencesOf } from '../../../shared/domain/mentions';
import type { MessageView } from '../../../shared/ipc';
import { tagSchema } from '../../../shared/protocol';
import { parseMessageCached } from '../lib/markdownCache';
import { selectIsArchived, selectMyId, useStore, type Store } from '../store';

const messages = defineMessages({
  added: { id: 'messageTags.added', defaultMessage: 'Added tags' },
  remove: { id: 'messageTags.remove', defaultMessage: 'Remove tag #{tag}' },
  label: { id: 'messageTags.label', defaultMessage: 'Tag to add' },
  placeholder: { id: 'messageTags.placeholder', defaultMessage: '#tag' },
  add: { id: 'messageTags.add', defaultMessage: 'Add tag' },
  cancel: { id: 'messageTags.cancel', defaultMessage: 'Cancel' },
  invalid: { id: 'messageTags.invalid', defaultMessage: 'One tag: letters, digits, _ or -, not only digits.' },
});

/** Whether the signed-in user may tag this message: its author, a curator of its team, an org admin. */
export function selectCanTag(message: MessageView): (s: Store) => boolean {
  return (s) =>
    !selectIsArchived(message.streamId)(s) &&
    (message.authorId === selectMyId(s) ||
      s.session?.user?.orgRole === 'admin' ||
      s.streams.some((st) => st.id === message.streamId && st.role === 'curator'));
}

/** Chips for the tags a message carries that its body does not write. */
export function AddedTags({ message }: { message: MessageView }) {
  const intl = useIntl();
  const canTag = useStore(selectCanTag(message));
  const openTag = useStore((s) => s.openTag);
  const tagMessage = useStore((s) => s.tagMessage);
  const added = useMemo(() => {
    if (message.tags.length === 0) return [];
    const written = new Set(referencesOf(parseMessageCached(message.body)).tags);
    return message.tags.filter((t) => !written.has(t));
  }, [message.body, message.tags]);
  if (added.length === 0) return null;
  return (
    <ul className="msg-tags" aria-label={intl.formatMessage(messages.added)} data-testid="added-tags">
      {added.map((tag) => (
        <li key={tag} className="tag-chip">
          <button type="button" className="md-tag" onClick={() => void openTag(tag)}>
            #{tag}
          </button>
          {canTag && (
            <button
              type="button"
              className="icon-button"
              aria-label={intl.formatMessage(messages.remove, { tag })}
              onClick={() => void tagMessage(message.id, tag, true)}
            >
              ✕
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Adds one tag: Enter adds, Escape cancels; what is not one tag is refused here, as the server would. */
export function TagForm({ messageId, onDone }: { messageId: string; onDone: () => void }) {
  const intl = useIntl();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const tagMessage = useStore((s) => s.tagMessage);
  const submit = async () => {
    const parsed = tagSchema.safeParse(text.trim());
    if (!parsed.success) {
      setInvalid(true);
      return;
    }
    if (await tagMessage(messageId, parsed.data)) onDone();
  };
  return (
    <form
      className="tag-form msg-tags"
      data-testid="tag-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <input
        type="text"
        autoFocus
        aria-label={intl.formatMessage(messages.label)}
        aria-invalid={invalid}
        placeholder={intl.formatMessage(messages.placeholder)}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setInvalid(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onDone();
          }
        }}
      />
      <button type="submit" className="button button-small button-primary">
        <FormattedMessage {...messages.add} />
      </button>
      <button type="button" className="button button-small" onClick={onDone}>
        <FormattedMessage {...messages.cancel} />
      </button>
      {invalid && (
        <span role="alert" className="error-text">
          <FormattedMessage {...messages.invalid} />
        </span>
      )}
    </form>
  );
}

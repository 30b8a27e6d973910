/*
 * The message box. Enter sends, Shift+Enter starts a new line, Up in an empty box edits your last
 * message, and @/# open an autocomplete listbox. The draft lives in the store under `draftKey`, so it
 * survives switching streams or closing a thread.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { defineMessages, FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import type { MessageView } from '../../../shared/ipc';
import { applySuggestion, suggest, tokenAt, type SuggestionDetail } from '../lib/autocomplete';
import { TypingThrottle } from '../lib/typingThrottle';
import { selectMyId, useStore } from '../store';
import { BodyLimitNotice, useBodyTooLong } from './BodyLimit';
import { ComposerEmojiButton } from './ComposerEmojiButton';
import { SpeechNotice, useSpeechRefusal } from './SpeechNotice';
import { GuidelinesNotice, useGuidelinesBlock } from './GuidelinesNotice';
import { TypingIndicator } from './TypingIndicator';
import { AttachButton } from './files/AttachButton';
import { AttachmentList } from './files/AttachmentList';
import { usePasteFiles } from './files/useFileDrop';
import type { Attachment } from '../store';

export interface ComposerProps {
  streamId: string;
  threadRootId?: string;
  label: string;
}

const NO_MESSAGES: MessageView[] = [];
const NO_ATTACHMENTS: Attachment[] = [];

const messages = defineMessages({
  suggestions: { id: 'composer.suggestions', defaultMessage: 'Suggestions' },
  placeholder: { id: 'composer.placeholder', defaultMessage: '{label} (Enter to send, Shift+Enter for a new line)' },
  threadPlaceholder: { id: 'composer.threadPlaceholder', defaultMessage: '{label}…' },
  send: { id: 'composer.send', defaultMessage: 'Send' },
  tag: { id: 'composer.suggestion.tag', defaultMessage: 'tag' },
  team: { id: 'composer.suggestion.team', defaultMessage: 'team {name}' },
  everyone: { id: 'composer.suggestion.everyone', defaultMessage: 'everyone in this stream' },
});

function detailText(intl: IntlShape, detail: SuggestionDetail): string {
  switch (detail.kind) {
    case 'person':
      return detail.name;
    case 'team':
      return intl.formatMessage(messages.team, { name: detail.name });
    case 'tag':
      return intl.formatMessage(messages.tag);
    case 'everyone':
      return intl.formatMessage(messages.everyone);
  }
}

export function Composer({ streamId, threadRootId, label }: ComposerProps) {
  const intl = useIntl();
  const draftKey = threadRootId ? `thread:${threadRootId}` : streamId;
  const text = useStore((s) => s.drafts[draftKey] ?? '');
  const setDraft = useStore((s) => s.setDraft);
  const send = useStore((s) => s.send);
  const setEditing = useStore((s) => s.setEditing);
  const users = useStore((s) => s.users);
  const teams = useStore((s) => s.teams);
  const myId = useStore(selectMyId);
  const streamItems = useStore((s) => s.messages[streamId]?.items ?? NO_MESSAGES);
  const threadReplies = useStore((s) =>
    threadRootId && s.thread?.rootId === threadRootId ? s.thread.replies : NO_MESSAGES,
  );
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const listId = useId();
  const tooLong = useBodyTooLong(text);
  const refusal = useSpeechRefusal(streamId, text);
  const block = useGuidelinesBlock(streamId);
  const signalTyping = useStore((s) => s.signalTyping);
  const attachments = useStore((s) => s.attachments[draftKey] ?? NO_ATTACHMENTS);
  const clearAttachments = useStore((s) => s.clearAttachments);
  const onPaste = usePasteFiles(draftKey, streamId);
  const uploading = attachments.some((a) => a.state === 'uploading');
  const files = attachments.flatMap((a) => (a.file ? [a.file] : []));
  // staged but not uploaded (offline): the message takes them along, the outbox uploads them first
  const uploadIds = attachments.flatMap((a) => (a.state === 'queued' && a.uploadId ? [a.uploadId] : []));
  const attachedCount = files.length + uploadIds.length;
  const [typing] = useState(() => new TypingThrottle((id, on, rootId) => signalTyping(id, on, rootId)));
  // a stop when the composer goes (another stream, a closed or another thread)
  useEffect(() => () => typing.stopped(), [typing, streamId, threadRootId]);

  const tags = useMemo(() => {
    const seen = new Set<string>();
    for (const m of streamItems) for (const t of m.tags) seen.add(t);
    return [...seen].sort();
  }, [streamItems]);

  const token = tokenAt(text, caret);
  const suggestions = useMemo(
    () => (token && dismissed !== token.start ? suggest(token, users, teams, tags, myId) : []),
    // token is derived from text and caret
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [text, caret, users, teams, tags, myId, dismissed],
  );
  const open = suggestions.length > 0;
  const activeIndex = Math.min(active, suggestions.length - 1);

  useEffect(() => {
    const el = ref.current;
    if (el && pendingCaret.current !== null) {
      el.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  });

  const update = (value: string, at: number) => {
    if (value.trim() === '') typing.stopped();
    else if (value !== text) typing.typed(streamId, undefined, threadRootId);
    setDraft(draftKey, value);
    setCaret(at);
    setActive(0);
  };

  const accept = (index: number) => {
    const s = suggestions[index];
    if (!token || !s) return;
    const next = applySuggestion(text, caret, token, s);
    pendingCaret.current = next.caret;
    update(next.text, next.caret);
  };

  /** Puts an emoji where the caret was (replacing a selection), the caret just after it. */
  const insertEmoji = (emoji: string) => {
    // the textarea keeps its selection while the picker has focus
    const start = ref.current?.selectionStart ?? caret;
    const end = ref.current?.selectionEnd ?? start;
    const at = start + emoji.length;
    pendingCaret.current = at;
    update(text.slice(0, start) + emoji + text.slice(end), at);
  };

  const submit = () => {
    const body = text.trim();
    if ((!body && attachedCount === 0) || uploading || tooLong || refusal || block) return;
    const attached = attachments;
    setDraft(draftKey, '');
    clearAttachments(draftKey);
    setCaret(0);
    typing.stopped();
    void send(streamId, body, threadRootId, files, uploadIds).then((ok) => {
      // Keep what the user wrote if the core refused it, unless they already typed something new.
      if (!ok && !useStore.getState().drafts[draftKey]) setDraft(draftKey, text);
      if (!ok && !useStore.getState().attachments[draftKey])
        useStore.setState((st) => ({ attachments: { ...st.attachments, [draftKey]: attached } }));
    });
  };

  const editLastOwn = (): boolean => {
    const source = threadRootId ? threadReplies : streamItems;
    for (let i = source.length - 1; i >= 0; i -= 1) {
      const m = source[i]!;
      if (m.authorId === myId && m.status === 'sent' && m.deletedAt === null) {
        setEditing(m.id);
        return true;
      }
    }
    return false;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + step + suggestions.length) % suggestions.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        accept(activeIndex);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(token?.start ?? null);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    } else if (e.key === 'ArrowUp' && text === '' && editLastOwn()) {
      e.preventDefault();
    }
  };

  return (
    <div className="composer" data-testid={threadRootId ? 'thread-composer' : 'composer'}>
      <TypingIndicator streamId={streamId} threadRootId={threadRootId} />
      <BodyLimitNotice text={text} />
      <SpeechNotice streamId={streamId} refusal={refusal} />
      <GuidelinesNotice streamId={streamId} block={block} />
      <AttachmentList draftKey={draftKey} />
      {open && (
        <ul
          className="autocomplete"
          id={listId}
          role="listbox"
          aria-label={intl.formatMessage(messages.suggestions)}
          data-testid="autocomplete"
        >
          {suggestions.map((s, i) => (
            <li
              key={s.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              className={i === activeIndex ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault(); // keep focus in the textarea
                accept(i);
              }}
            >
              <span className="ac-label">{s.label}</span>{' '}
              <span className="ac-detail muted">{detailText(intl, s.detail)}</span>
            </li>
          ))}
        </ul>
      )}
      <textarea
        ref={ref}
        className="composer-input"
        aria-label={label}
        placeholder={intl.formatMessage(threadRootId ? messages.threadPlaceholder : messages.placeholder, { label })}
        value={text}
        rows={Math.min(10, text.split('\n').length)}
        aria-controls={open ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${activeIndex}` : undefined}
        onChange={(e) => update(e.target.value, e.target.selectionStart)}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => typing.stopped()}
        onPaste={onPaste}
      />
      <ComposerEmojiButton onInsert={insertEmoji} onDone={() => ref.current?.focus()} />
      <AttachButton draftKey={draftKey} streamId={streamId} />
      <button
        type="button"
        className="button button-primary composer-send"
        onClick={submit}
        disabled={(!text.trim() && attachedCount === 0) || uploading || tooLong || refusal !== null || block !== null}
      >
        <FormattedMessage {...messages.send} />
      </button>
    </div>
  );
}

/*
 * One message: header (unless grouped), markdown body, edit marker, sharing provenance, outbox
 * state, reactions, reply count and the actions its reader may take. Actions sit in a toolbar that
 * shows on hover and on keyboard focus, so every one is reachable without a mouse.
 */
import { memo, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { MessageView } from '../../../shared/ipc';
import { failureError, formatError } from '../i18n/errors';
import { fullDate, timeLabel } from '../lib/format';
import { selectIsArchived, selectMyId, useStore } from '../store';
import { usePersonName } from '../store/personNames';
import { isPending } from '../store/sharingSlice';
import { EditHistoryDialog } from './EditHistoryDialog';
import { Icon } from './Icon';
import { InlineEditor } from './InlineEditor';
import { IntegrationBadge } from './IntegrationBadge';
import { Markdown } from './Markdown';
import { MessageFiles } from './files/MessageFiles';
import { AddedTags, selectCanTag, TagForm } from './MessageTags';
import { ProvenanceBadge } from './ProvenanceBadge';
import { ReactionPicker, Reactions } from './Reactions';
import { Avatar } from './Avatar';
import { PersonName } from './PersonName';

export interface MessageItemProps {
  message: MessageView;
  showHeader: boolean;
  /** In the thread panel replies are not threads of their own. */
  inThread?: boolean;
}

const messages = defineMessages({
  label: { id: 'message.label', defaultMessage: '{author} at {time}' },
  pending: { id: 'message.pending', defaultMessage: 'Sending…' },
  pendingOffline: { id: 'message.pendingOffline', defaultMessage: 'Not sent yet: waiting for the connection…' },
  failed: { id: 'message.failed', defaultMessage: 'Not sent: {reason}' },
  retry: { id: 'message.retry', defaultMessage: 'Retry' },
  discard: { id: 'message.discard', defaultMessage: 'Discard' },
  share: { id: 'message.share', defaultMessage: 'Share to organization' },
  unpublish: { id: 'message.unpublish', defaultMessage: 'Unpublish' },
  deleted: { id: 'message.deleted', defaultMessage: 'This message was deleted.' },
  edited: { id: 'message.edited', defaultMessage: '(edited)' },
  editHistory: { id: 'message.editHistory', defaultMessage: 'Edited: show the earlier versions' },
  shared: { id: 'message.shared', defaultMessage: 'Shared to organization' },
  proposed: { id: 'message.proposed', defaultMessage: 'Proposed for the organization' },
  replies: { id: 'message.replies', defaultMessage: '{count, plural, one {# reply} other {# replies}}' },
  actions: { id: 'message.actions', defaultMessage: 'Message actions' },
  reply: { id: 'message.reply', defaultMessage: 'Reply in thread' },
  edit: { id: 'message.edit', defaultMessage: 'Edit message' },
  delete: { id: 'message.delete', defaultMessage: 'Delete message' },
  confirmDelete: { id: 'message.confirmDelete', defaultMessage: 'Delete?' },
  deleteYes: { id: 'message.deleteYes', defaultMessage: 'Delete' },
  keep: { id: 'message.keep', defaultMessage: 'Keep' },
  tag: { id: 'message.tag', defaultMessage: 'Add a tag' },
});

function OutboxState({ message }: { message: MessageView }) {
  const intl = useIntl();
  const retry = useStore((s) => s.retry);
  const discard = useStore((s) => s.discard);
  const offline = useStore((s) => s.sync.state === 'offline');
  if (message.status === 'pending')
    return (
      <span className="msg-pending" data-testid="message-pending" role="status">
        <Icon name="clock" />
        <FormattedMessage {...(offline ? messages.pendingOffline : messages.pending)} />
      </span>
    );
  if (message.status === 'failed')
    return (
      <div className="msg-failed" data-testid="message-failed" role="alert">
        <span title={message.failureReason ?? undefined}>
          <FormattedMessage
            {...messages.failed}
            values={{ reason: formatError(intl, failureError(message.failureReason ?? '')) }}
          />
        </span>
        <button type="button" className="button button-small" onClick={() => void retry(message.clientId)}>
          <FormattedMessage {...messages.retry} />
        </button>
        <button type="button" className="button button-small" onClick={() => void discard(message.clientId)}>
          <FormattedMessage {...messages.discard} />
        </button>
      </div>
    );
  return null;
}

/**
 * "Share to organization" and "Unpublish", where the server says they would succeed (team stream,
 * top level, not yet shared or proposed, links allowed, my role…: asked when the message came on
 * screen). Its own component, so an answer re-renders these buttons only, not the message.
 */
function SharingActions({ message: m }: { message: MessageView }) {
  const intl = useIntl();
  // A direct message is never shared, whatever a (stale or foreign) permission answer says.
  const inDirect = useStore((s) => s.streams.some((st) => st.id === m.streamId && st.kind === 'direct'));
  const canShare = useStore((s) => s.sharing[m.id]?.propose === true) && !inDirect;
  const canUnpublish = useStore((s) => m.provenance !== null && s.sharing[m.id]?.unpublish === true);
  const setShareMessage = useStore((s) => s.setShareMessage);
  const unpublish = useStore((s) => s.unpublish);
  return (
    <>
      {canShare && (
        <button
          type="button"
          className="icon-button"
          aria-label={intl.formatMessage(messages.share)}
          onClick={() => setShareMessage(m)}
        >
          <Icon name="share" />
        </button>
      )}
      {canUnpublish && (
        <button
          type="button"
          className="icon-button"
          aria-label={intl.formatMessage(messages.unpublish)}
          onClick={() => void unpublish(m.provenance!.promotionId)}
        >
          <Icon name="unpublish" />
        </button>
      )}
    </>
  );
}

export const MessageItem = memo(function MessageItem({ message: m, showHeader, inThread = false }: MessageItemProps) {
  const intl = useIntl();
  const myId = useStore(selectMyId);
  const myHandle = useStore((s) => s.session?.user?.handle ?? null);
  const editing = useStore((s) => s.editingId === m.id);
  const highlighted = useStore((s) => s.highlightId === m.id);
  const setEditing = useStore((s) => s.setEditing);
  const deleteMessage = useStore((s) => s.deleteMessage);
  const openThread = useStore((s) => s.openThread);
  const openEditHistory = useStore((s) => s.openEditHistory);
  const historyOpen = useStore((s) => s.editHistory?.messageId === m.id);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // my proposals list holds what I proposed and my posts others proposed
  const proposed = useStore((s) => s.promotions.mine.some((p) => p.messageId === m.id && isPending(p)));
  const [tagging, setTagging] = useState(false);
  const canTag = useStore(selectCanTag(m));
  // an archived team's history is read, not added to: no reacting or replying (its threads still open)
  const archived = useStore(selectIsArchived(m.streamId));
  const personName = usePersonName(m.authorId, m.authorName);
  // an integration's post is signed with the integration's name, not its steward's
  const authorName = m.integration ? m.authorName : personName;

  const mine = myId !== null && m.authorId === myId;
  const deleted = m.deletedAt !== null;
  const sent = m.status === 'sent';
  const isRoot = m.threadRootId === null;

  return (
    <article
      className={`msg${showHeader ? ' msg-first' : ''}${m.status !== 'sent' ? ` msg-is-${m.status}` : ''}${highlighted ? ' msg-highlight' : ''}`}
      data-testid="message-item"
      data-message-id={m.id}
      data-status={m.status}
      data-highlighted={highlighted || undefined}
      aria-label={intl.formatMessage(messages.label, { author: authorName, time: timeLabel(intl, m.createdAt) })}
    >
      {showHeader && (
        <header className="msg-header">
          {m.integration ? (
            <span className="msg-avatar msg-avatar-integration" aria-hidden="true">
              {authorName.slice(0, 1).toUpperCase()}
            </span>
          ) : (
            <Avatar userId={m.authorId} name={authorName} className="msg-avatar" />
          )}
          {/* an integration is no one to open a card of (its author id is its steward's) */}
          {m.integration ? (
            <span className="msg-author">{m.authorName}</span>
          ) : (
            <PersonName userId={m.authorId} name={m.authorName} className="msg-author" testId="message-author" />
          )}
          {m.integration && <IntegrationBadge integration={m.integration} />}
          <time className="msg-time" dateTime={new Date(m.createdAt).toISOString()} title={fullDate(intl, m.createdAt)}>
            {timeLabel(intl, m.createdAt)}
          </time>
        </header>
      )}
      <div className="msg-content">
        {m.provenance && <ProvenanceBadge provenance={m.provenance} />}
        {deleted ? (
          <p className="msg-deleted muted">
            <FormattedMessage {...messages.deleted} />
          </p>
        ) : editing ? (
          <InlineEditor messageId={m.id} body={m.body} />
        ) : (
          <div className="msg-body" data-testid="message-body">
            <Markdown text={m.body} myHandle={myHandle} />
            <MessageFiles files={m.files} />
            {m.editedAt !== null && (
              <button
                type="button"
                className="msg-edited muted link-button"
                title={fullDate(intl, m.editedAt)}
                aria-label={intl.formatMessage(messages.editHistory)}
                onClick={() => void openEditHistory(m.id)}
              >
                <FormattedMessage {...messages.edited} />
              </button>
            )}
            {historyOpen && <EditHistoryDialog />}
          </div>
        )}
        {m.sharedAt !== null && (
          <span className="msg-shared" data-testid="shared-marker">
            <FormattedMessage {...messages.shared} />
          </span>
        )}
        {proposed && m.sharedAt === null && (
          <span className="msg-proposed" data-testid="proposed-marker">
            <FormattedMessage {...messages.proposed} />
          </span>
        )}
        {!deleted && <AddedTags message={m} />}
        {tagging && !deleted && <TagForm messageId={m.id} onDone={() => setTagging(false)} />}
        <OutboxState message={m} />
        {!deleted && <Reactions messageId={m.id} reactions={m.reactions} myId={myId} />}
        {!inThread && isRoot && sent && m.replyCount > 0 && (
          <button
            type="button"
            className="link-button msg-replies"
            data-testid="reply-count"
            onClick={() => void openThread(m.id)}
          >
            <FormattedMessage {...messages.replies} values={{ count: m.replyCount }} />
          </button>
        )}
      </div>
      {sent && !deleted && !editing && (
        <div className="msg-actions" role="group" aria-label={intl.formatMessage(messages.actions)}>
          {!archived && <ReactionPicker messageId={m.id} />}
          {!inThread && isRoot && !archived && (
            <button
              type="button"
              className="icon-button"
              aria-label={intl.formatMessage(messages.reply)}
              onClick={() => void openThread(m.id)}
            >
              <Icon name="reply" />
            </button>
          )}
          <SharingActions message={m} />
          {canTag && (
            <button
              type="button"
              className="icon-button"
              aria-label={intl.formatMessage(messages.tag)}
              onClick={() => setTagging(true)}
            >
              <Icon name="tag" />
            </button>
          )}
          {/* an integration's post is stored under its steward, but only the integration changes it */}
          {mine && !m.integration && (
            <button
              type="button"
              className="icon-button"
              aria-label={intl.formatMessage(messages.edit)}
              onClick={() => setEditing(m.id)}
            >
              <Icon name="edit" />
            </button>
          )}
          {mine &&
            (confirmDelete ? (
              <span className="confirm">
                <FormattedMessage {...messages.confirmDelete} />
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => {
                    setConfirmDelete(false);
                    void deleteMessage(m.id);
                  }}
                >
                  <FormattedMessage {...messages.deleteYes} />
                </button>
                <button type="button" className="button button-small" onClick={() => setConfirmDelete(false)}>
                  <FormattedMessage {...messages.keep} />
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="icon-button"
                aria-label={intl.formatMessage(messages.delete)}
                onClick={() => setConfirmDelete(true)}
              >
                <Icon name="trash" />
              </button>
            ))}
        </div>
      )}
    </article>
  );
});

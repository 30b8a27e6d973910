/** A thread beside the stream: its root, the replies, and a composer that replies into it. */
import { useEffect, useRef, type ReactNode } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatError } from '../i18n/errors';
import { selectIsArchived, useStore } from '../store';
import { SidePanel } from './SidePanel';
import { ArchivedNotice } from './ArchivedNotice';
import { Composer } from './Composer';
import { MessageItem } from './MessageItem';
import { useFileDrop } from './files/useFileDrop';

const messages = defineMessages({
  title: { id: 'thread.title', defaultMessage: 'Thread' },
  close: { id: 'thread.close', defaultMessage: 'Close thread' },
  loading: { id: 'thread.loading', defaultMessage: 'Loading…' },
  notCached: { id: 'thread.notCached', defaultMessage: 'This thread is not in your cache.' },
  replyCount: { id: 'thread.replyCount', defaultMessage: '{count, plural, one {# reply} other {# replies}}' },
  replies: { id: 'thread.replies', defaultMessage: 'Replies' },
  composer: { id: 'thread.composer', defaultMessage: 'Reply in thread' },
});

export function ThreadPanel() {
  const intl = useIntl();
  const thread = useStore((s) => s.thread);
  const closeThread = useStore((s) => s.closeThread);
  const endRef = useRef<HTMLDivElement>(null);
  const replyCount = thread?.replies.length ?? 0;
  const archived = useStore(selectIsArchived(thread?.root?.streamId));

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [replyCount]);

  if (!thread) return null;
  const { root, replies } = thread;
  return (
    <SidePanel
      className="thread-panel"
      testId="thread-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={closeThread}
    >
      <ThreadDropZone
        rootId={root && root.deletedAt === null && !archived ? root.id : null}
        streamId={root?.streamId ?? ''}
      >
        <div className="panel-body">
          {thread.error && (
            <p role="alert" className="error-text" title={thread.error.message}>
              {formatError(intl, thread.error)}
            </p>
          )}
          {thread.loading && !root && (
            <p className="muted">
              <FormattedMessage {...messages.loading} />
            </p>
          )}
          {!thread.loading && !root && !thread.error && (
            <p className="muted">
              <FormattedMessage {...messages.notCached} />
            </p>
          )}
          {root && (
            <div className="thread-root" data-testid="thread-root">
              <MessageItem message={root} showHeader inThread />
            </div>
          )}
          {root && (
            <div className="thread-replies-count muted">
              <FormattedMessage {...messages.replyCount} values={{ count: replies.length }} />
            </div>
          )}
          <div className="thread-replies" role="list" aria-label={intl.formatMessage(messages.replies)}>
            {replies.map((r, i) => (
              <div role="listitem" key={r.id}>
                <MessageItem
                  message={r}
                  inThread
                  showHeader={
                    i === 0 ||
                    replies[i - 1]!.authorId !== r.authorId ||
                    r.createdAt - replies[i - 1]!.createdAt > 300_000
                  }
                />
              </div>
            ))}
          </div>
          <div ref={endRef} />
        </div>
        {root && root.deletedAt === null && archived && <ArchivedNotice />}
        {root && root.deletedAt === null && !archived && (
          <Composer streamId={root.streamId} threadRootId={root.id} label={intl.formatMessage(messages.composer)} />
        )}
      </ThreadDropZone>
    </SidePanel>
  );
}

/**
 * Files dropped anywhere on a thread attach to its reply composer's draft, not the stream's (the
 * stream view around it would take them otherwise). Without a root to reply to, drops are not taken.
 */
function ThreadDropZone({
  rootId,
  streamId,
  children,
}: {
  rootId: string | null;
  streamId: string;
  children: ReactNode;
}) {
  const drop = useFileDrop(`thread:${rootId ?? ''}`, streamId);
  return (
    <div
      className={`thread-drop${drop.over ? ' drop-target' : ''}`}
      data-testid="thread-drop"
      {...(rootId ? drop.props : {})}
    >
      {children}
    </div>
  );
}

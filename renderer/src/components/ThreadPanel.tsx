/** A thread beside the stream: its root, the replies, and a composer that replies into it. */
import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import { Composer } from './Composer';
import { MessageItem } from './MessageItem';

export function ThreadPanel() {
  const thread = useStore((s) => s.thread);
  const closeThread = useStore((s) => s.closeThread);
  const endRef = useRef<HTMLDivElement>(null);
  const replyCount = thread?.replies.length ?? 0;

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [replyCount]);

  if (!thread) return null;
  const { root, replies } = thread;
  return (
    <aside className="side-panel thread-panel" data-testid="thread-panel" aria-label="Thread">
      <header className="panel-header">
        <h2>Thread</h2>
        <button type="button" className="icon-button" aria-label="Close thread" onClick={closeThread}>
          ✕
        </button>
      </header>
      <div className="panel-body">
        {thread.error && (
          <p role="alert" className="error-text">
            {thread.error}
          </p>
        )}
        {thread.loading && !root && <p className="muted">Loading…</p>}
        {!thread.loading && !root && !thread.error && <p className="muted">This thread is not in your cache.</p>}
        {root && (
          <div className="thread-root" data-testid="thread-root">
            <MessageItem message={root} showHeader inThread />
          </div>
        )}
        {root && (
          <div className="thread-replies-count muted">
            {replies.length} {replies.length === 1 ? 'reply' : 'replies'}
          </div>
        )}
        <div className="thread-replies" role="list" aria-label="Replies">
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
      {root && root.deletedAt === null && (
        <Composer streamId={root.streamId} threadRootId={root.id} label="Reply in thread" />
      )}
    </aside>
  );
}

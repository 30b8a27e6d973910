/** Connection state for the user: offline with unsent count, connecting, or catch-up progress. */
import type { ReactNode } from 'react';
import { useStore } from '../store';

export function StatusBanner() {
  const sync = useStore((s) => s.sync);
  const notice = useStore((s) => s.session?.notice ?? null);
  const unsent =
    sync.pendingCount > 0 ? ` · ${sync.pendingCount} unsent ${sync.pendingCount === 1 ? 'message' : 'messages'}` : '';
  let content: ReactNode = null;
  if (sync.state === 'offline')
    content = (
      <span>
        You are offline; messages will be sent when the connection returns{unsent}.
        {/* The technical reason is there for whoever asks (hover), not in the sentence. */}
        <span className="muted" title={sync.lastError ?? undefined}>
          {' '}
          Reconnecting automatically.
        </span>
      </span>
    );
  else if (sync.state === 'connecting') content = <span>Connecting…{unsent}</span>;
  else if (sync.state === 'catchingUp')
    content = (
      <span className="catchup">
        Catching up…
        <progress
          data-testid="catchup-progress"
          aria-label="Catch-up progress"
          max={Math.max(1, sync.total)}
          value={Math.min(sync.done, Math.max(1, sync.total))}
        />
        <span className="muted">
          {sync.done}/{sync.total}
        </span>
        {unsent}
      </span>
    );
  else if (sync.pendingCount > 0) content = <span>Sending {sync.pendingCount}…</span>;
  return (
    <>
      {notice && (
        <div className="banner banner-notice" role="note">
          {notice}
        </div>
      )}
      <div
        className={`banner banner-${sync.state}${content ? '' : ' banner-empty'}`}
        role="status"
        data-testid="status-banner"
        data-state={sync.state}
      >
        {content}
      </div>
    </>
  );
}

/** The selected stream: header with panel toggles, its history and its composer. */
import { useStore } from '../store';
import { Composer } from './Composer';
import { MessageList } from './MessageList';

export function StreamView() {
  const stream = useStore((s) => s.streams.find((st) => st.id === s.selectedStreamId) ?? null);
  const panel = useStore((s) => s.panel);
  const setPanel = useStore((s) => s.setPanel);
  if (!stream)
    return (
      <main className="stream-view empty" data-testid="stream-view">
        <p className="muted">No stream selected.</p>
      </main>
    );
  return (
    <main className="stream-view" data-testid="stream-view" aria-label={stream.name}>
      <header className="stream-header">
        <h1 data-testid="stream-title">
          <span aria-hidden="true">{stream.kind === 'org' ? '◎ ' : '# '}</span>
          {stream.name}
        </h1>
        <div className="header-actions">
          <button
            type="button"
            className={`button button-small${panel === 'search' ? ' active' : ''}`}
            aria-pressed={panel === 'search'}
            onClick={() => setPanel(panel === 'search' ? 'none' : 'search')}
          >
            Search
          </button>
          <button
            type="button"
            className={`button button-small${panel === 'sharing' ? ' active' : ''}`}
            aria-pressed={panel === 'sharing'}
            onClick={() => setPanel(panel === 'sharing' ? 'none' : 'sharing')}
          >
            Sharing
          </button>
        </div>
      </header>
      <MessageList streamId={stream.id} />
      <Composer streamId={stream.id} label={`Message ${stream.name}`} />
    </main>
  );
}

/** Local full-text search (works offline): a query, an optional stream filter, highlighted hits. */
import { useEffect, useRef } from 'react';
import { fullDate, plainSnippet, shortDate } from '../lib/format';
import { useStore } from '../store';

export function SearchPanel() {
  const query = useStore((s) => s.searchQuery);
  const streamId = useStore((s) => s.searchStreamId);
  const hits = useStore((s) => s.searchHits);
  const busy = useStore((s) => s.searchBusy);
  const error = useStore((s) => s.searchError);
  const streams = useStore((s) => s.streams);
  const setQuery = useStore((s) => s.setSearchQuery);
  const setStream = useStore((s) => s.setSearchStream);
  const runSearch = useStore((s) => s.runSearch);
  const openHit = useStore((s) => s.openHit);
  const setPanel = useStore((s) => s.setPanel);
  const focusNonce = useStore((s) => s.searchFocusNonce);
  const inputRef = useRef<HTMLInputElement>(null);

  // On open and on every Ctrl/Cmd+F: focus the query, selected so typing replaces it.
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusNonce]);
  // Search as the user types, after a short pause.
  useEffect(() => {
    const t = setTimeout(() => void runSearch(), 200);
    return () => clearTimeout(t);
  }, [query, streamId, runSearch]);

  return (
    <aside className="side-panel search-panel" data-testid="search-panel" aria-label="Search">
      <header className="panel-header">
        <h2>Search</h2>
        <button type="button" className="icon-button" aria-label="Close search" onClick={() => setPanel('none')}>
          ✕
        </button>
      </header>
      <form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void runSearch();
        }}
      >
        <input
          ref={inputRef}
          type="search"
          aria-label="Search messages"
          placeholder="Search messages"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setPanel('none')}
        />
        <select aria-label="Stream filter" value={streamId ?? ''} onChange={(e) => setStream(e.target.value || null)}>
          <option value="">All streams</option>
          {streams.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </form>
      <div className="panel-body" aria-busy={busy}>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        {busy && hits.length === 0 && (
          <p className="muted">
            <span className="loading-dots">Searching</span>
          </p>
        )}
        {!busy && query.trim() && hits.length === 0 && !error && (
          <div className="empty-state" data-testid="empty-state">
            <strong>No results.</strong>
            Try other words, or all streams.
          </div>
        )}
        {!query.trim() && !error && (
          <div className="empty-state" data-testid="empty-state">
            Search every stream you can read, even offline.
          </div>
        )}
        <ul className="search-hits" aria-label="Search results">
          {hits.map((hit) => (
            <li key={hit.message.id}>
              <button type="button" className="search-hit" data-testid="search-hit" onClick={() => void openHit(hit)}>
                <span className="search-hit-meta">
                  <strong>{hit.message.authorName}</strong> in {hit.streamName}
                  <span className="muted" title={fullDate(hit.message.createdAt)}>
                    {' · '}
                    {shortDate(hit.message.createdAt)}
                  </span>
                </span>
                <span className="search-hit-snippet">
                  {hit.snippet.map((seg, i) =>
                    seg.highlight ? (
                      <mark key={i}>{plainSnippet(seg.text)}</mark>
                    ) : (
                      <span key={i}>{plainSnippet(seg.text)}</span>
                    ),
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}

/**
 * Search: local full-text hits at once (works offline), then what the server's full history adds
 * (ServerSearchResults); a query, an optional stream filter, highlighted hits.
 */
import { useEffect, useRef } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatError } from '../i18n/errors';
import { useStore } from '../store';
import { SearchHitItem } from './SearchHitItem';
import { ServerSearchResults } from './ServerSearchResults';
import { SidePanel } from './SidePanel';

const messages = defineMessages({
  title: { id: 'search.title', defaultMessage: 'Search' },
  close: { id: 'search.close', defaultMessage: 'Close search' },
  query: { id: 'search.query', defaultMessage: 'Search messages' },
  filter: { id: 'search.filter', defaultMessage: 'Stream filter' },
  allStreams: { id: 'search.allStreams', defaultMessage: 'All streams' },
  searching: { id: 'search.searching', defaultMessage: 'Searching' },
  noResults: { id: 'search.noResults', defaultMessage: 'No results.' },
  noResultsHint: { id: 'search.noResultsHint', defaultMessage: 'Try other words, or all streams.' },
  hint: { id: 'search.hint', defaultMessage: 'Search every stream you can read, even offline.' },
  results: { id: 'search.results', defaultMessage: 'Search results' },
});

export function SearchPanel() {
  const intl = useIntl();
  const query = useStore((s) => s.searchQuery);
  const streamId = useStore((s) => s.searchStreamId);
  const hits = useStore((s) => s.searchHits);
  const busy = useStore((s) => s.searchBusy);
  const error = useStore((s) => s.searchError);
  const streams = useStore((s) => s.streams);
  const setQuery = useStore((s) => s.setSearchQuery);
  const setStream = useStore((s) => s.setSearchStream);
  const runSearch = useStore((s) => s.runSearch);
  const serverHits = useStore((s) => s.serverHits);
  const serverState = useStore((s) => s.serverSearchState);
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
    <SidePanel
      className="search-panel"
      testId="search-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
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
          aria-label={intl.formatMessage(messages.query)}
          placeholder={intl.formatMessage(messages.query)}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setPanel('none')}
        />
        <select
          aria-label={intl.formatMessage(messages.filter)}
          value={streamId ?? ''}
          onChange={(e) => setStream(e.target.value || null)}
        >
          <option value="">{intl.formatMessage(messages.allStreams)}</option>
          {streams.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </form>
      <div className="panel-body" aria-busy={busy}>
        {error && (
          <p role="alert" className="error-text" title={error.message}>
            {formatError(intl, error)}
          </p>
        )}
        {busy && hits.length === 0 && (
          <p className="muted">
            <span className="loading-dots">
              <FormattedMessage {...messages.searching} />
            </span>
          </p>
        )}
        {!busy &&
          query.trim() &&
          hits.length === 0 &&
          serverHits.length === 0 &&
          serverState !== 'loading' &&
          !error && (
            <div className="empty-state" data-testid="empty-state">
              <strong>
                <FormattedMessage {...messages.noResults} />
              </strong>
              <FormattedMessage {...messages.noResultsHint} />
            </div>
          )}
        {!query.trim() && !error && (
          <div className="empty-state" data-testid="empty-state">
            <FormattedMessage {...messages.hint} />
          </div>
        )}
        <ul className="search-hits" aria-label={intl.formatMessage(messages.results)}>
          {hits.map((hit) => (
            <SearchHitItem key={hit.message.id} hit={hit} />
          ))}
        </ul>
        <ServerSearchResults />
      </div>
    </SidePanel>
  );
}

/**
 * The server's part of a search, under the local hits: "N more from the server" with the messages
 * this computer has not seen, a button for the server's next page, or a quiet note when offline.
 */
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatError } from '../i18n/errors';
import { useStore } from '../store';
import { SearchHitItem } from './SearchHitItem';

const messages = defineMessages({
  more: {
    id: 'search.server.more',
    defaultMessage: '{count, plural, one {# more from the server} other {# more from the server}}',
  },
  searching: { id: 'search.server.searching', defaultMessage: 'Searching the server' },
  offline: {
    id: 'search.server.offline',
    defaultMessage: 'Offline: only messages on this computer were searched.',
  },
  failed: { id: 'search.server.failed', defaultMessage: 'The server could not search: {reason}' },
  loadMore: { id: 'search.server.loadMore', defaultMessage: 'More from the server' },
  results: { id: 'search.server.results', defaultMessage: 'Results from the server' },
});

export function ServerSearchResults() {
  const intl = useIntl();
  const hits = useStore((s) => s.serverHits);
  const state = useStore((s) => s.serverSearchState);
  const cursor = useStore((s) => s.serverCursor);
  const error = useStore((s) => s.serverSearchError);
  const loadMore = useStore((s) => s.loadMoreServerHits);

  if (state === 'idle') return null;
  return (
    <section className="server-search" data-testid="server-search" aria-busy={state === 'loading'}>
      {state === 'offline' && (
        <p className="muted" data-testid="server-search-offline">
          <FormattedMessage {...messages.offline} />
        </p>
      )}
      {state === 'error' && error && (
        <p className="muted" title={error.message}>
          <FormattedMessage {...messages.failed} values={{ reason: formatError(intl, error) }} />
        </p>
      )}
      {hits.length > 0 && (
        <h3 className="server-search-heading" data-testid="server-search-count">
          <FormattedMessage {...messages.more} values={{ count: hits.length }} />
        </h3>
      )}
      {hits.length > 0 && (
        <ul className="search-hits" aria-label={intl.formatMessage(messages.results)}>
          {hits.map((hit) => (
            <SearchHitItem key={hit.message.id} hit={hit} testId="server-search-hit" />
          ))}
        </ul>
      )}
      {state === 'loading' && (
        <p className="muted">
          <span className="loading-dots">
            <FormattedMessage {...messages.searching} />
          </span>
        </p>
      )}
      {state === 'done' && cursor !== null && (
        <button type="button" className="link-button" onClick={() => void loadMore()}>
          <FormattedMessage {...messages.loadMore} />
        </button>
      )}
    </section>
  );
}

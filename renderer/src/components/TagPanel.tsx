/**
 * Flowdock-style tags beside the stream: the selected stream's most used tags, and one tag's
 * messages across every stream I read (from the server online, from this computer's cache offline,
 * which the panel says, since the count then covers only what is cached).
 */
import { useEffect } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatError } from '../i18n/errors';
import { fullDate, plainSnippet, shortDate } from '../lib/format';
import { useStore } from '../store';
import { personNames } from '../store/personNames';
import { SidePanel } from './SidePanel';

const messages = defineMessages({
  title: { id: 'tags.title', defaultMessage: 'Tags' },
  close: { id: 'tags.close', defaultMessage: 'Close tags' },
  back: { id: 'tags.back', defaultMessage: 'All tags of this stream' },
  topHeading: { id: 'tags.topHeading', defaultMessage: 'Most used in {stream}' },
  noTags: { id: 'tags.noTags', defaultMessage: 'No tags in this stream yet. Write #tag in a message to add one.' },
  tagCount: {
    id: 'tags.tagCount',
    defaultMessage: '{count, plural, one {# message} other {# messages}}',
  },
  count: {
    id: 'tags.count',
    defaultMessage: '{count, plural, one {# message} other {# messages}} tagged #{tag}',
  },
  offline: {
    id: 'tags.offline',
    defaultMessage: 'Offline: only the messages on this computer are counted and shown.',
  },
  loading: { id: 'tags.loading', defaultMessage: 'Loading' },
  more: { id: 'tags.more', defaultMessage: 'Show older messages' },
  results: { id: 'tags.results', defaultMessage: 'Messages tagged #{tag}' },
  hitMeta: { id: 'tags.hitMeta', defaultMessage: '<strong>{author}</strong> in {stream}' },
});

/** Characters of a body shown in the list: enough to recognise the message. */
const EXCERPT_CHARS = 200;

function TagMessages() {
  const intl = useIntl();
  const view = useStore((s) => s.tagView)!;
  const streams = useStore((s) => s.streams);
  const names = personNames(useStore((s) => s.users));
  const closeTag = useStore((s) => s.closeTag);
  const loadMore = useStore((s) => s.loadMoreTagged);
  const openTagged = useStore((s) => s.openTagged);
  return (
    <div className="panel-body" aria-busy={view.busy}>
      <button type="button" className="link-button tag-back" onClick={closeTag}>
        ← <FormattedMessage {...messages.back} />
      </button>
      <h3 className="tag-heading" data-testid="tag-count">
        <FormattedMessage {...messages.count} values={{ count: view.count, tag: view.tag }} />
      </h3>
      {view.source === 'cache' && (
        <p className="muted" role="status" data-testid="tag-offline">
          <FormattedMessage {...messages.offline} />
        </p>
      )}
      {view.error && (
        <p role="alert" className="error-text" title={view.error.message}>
          {formatError(intl, view.error)}
        </p>
      )}
      {view.busy && view.messages.length === 0 && (
        <p className="muted">
          <span className="loading-dots">
            <FormattedMessage {...messages.loading} />
          </span>
        </p>
      )}
      <ul className="search-hits" aria-label={intl.formatMessage(messages.results, { tag: view.tag })}>
        {view.messages.map((m) => (
          <li key={m.id}>
            <button type="button" className="search-hit" data-testid="tag-hit" onClick={() => void openTagged(m)}>
              <span className="search-hit-meta">
                <FormattedMessage
                  {...messages.hitMeta}
                  values={{
                    author: names.get(m.authorId) ?? m.authorName,
                    stream: streams.find((s) => s.id === m.streamId)?.name ?? '',
                    strong: (chunks) => <strong key="author">{chunks}</strong>,
                  }}
                />
                <span className="muted" title={fullDate(intl, m.createdAt)}>
                  {' · '}
                  {shortDate(intl, m.createdAt)}
                </span>
              </span>
              <span className="search-hit-snippet">{plainSnippet(m.body.slice(0, EXCERPT_CHARS))}</span>
            </button>
          </li>
        ))}
      </ul>
      {view.hasMore && (
        <button
          type="button"
          className="button button-small tag-more"
          disabled={view.busy}
          onClick={() => void loadMore()}
        >
          <FormattedMessage {...messages.more} />
        </button>
      )}
    </div>
  );
}

function TopTags() {
  const stream = useStore((s) => s.streams.find((st) => st.id === s.selectedStreamId) ?? null);
  const top = useStore((s) => (s.topTags?.streamId === s.selectedStreamId ? s.topTags : null));
  const loadTopTags = useStore((s) => s.loadTopTags);
  const openTag = useStore((s) => s.openTag);
  const streamId = stream?.id ?? null;
  useEffect(() => {
    if (streamId) void loadTopTags(streamId);
  }, [streamId, loadTopTags]);
  if (!stream) return null;
  return (
    <div className="panel-body">
      <h3 className="tag-heading">
        <FormattedMessage {...messages.topHeading} values={{ stream: stream.name }} />
      </h3>
      {top?.source === 'cache' && (
        <p className="muted" role="status" data-testid="tag-offline">
          <FormattedMessage {...messages.offline} />
        </p>
      )}
      {top && top.tags.length === 0 && (
        <div className="empty-state" data-testid="empty-state">
          <FormattedMessage {...messages.noTags} />
        </div>
      )}
      <ul className="search-hits" data-testid="top-tags">
        {top?.tags.map((t) => (
          <li key={t.tag}>
            <button type="button" className="search-hit top-tag" onClick={() => void openTag(t.tag)}>
              <span className="md-tag">#{t.tag}</span>
              <span className="muted">
                <FormattedMessage {...messages.tagCount} values={{ count: t.count }} />
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TagPanel() {
  const intl = useIntl();
  const open = useStore((s) => s.tagView !== null);
  const setPanel = useStore((s) => s.setPanel);
  return (
    <SidePanel
      className="tag-panel"
      testId="tag-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      {open ? <TagMessages /> : <TopTags />}
    </SidePanel>
  );
}

/** One search hit (local or from the server): who, where, when, and the highlighted snippet. */
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { SearchHit } from '../../../shared/ipc';
import { fullDate, plainSnippet, shortDate } from '../lib/format';
import { useStore } from '../store';
import { usePersonName } from '../store/personNames';

const messages = defineMessages({
  hitMeta: { id: 'search.hitMeta', defaultMessage: '<strong>{author}</strong> in {stream}' },
});

export function SearchHitItem({ hit, testId = 'search-hit' }: { hit: SearchHit; testId?: string }) {
  const intl = useIntl();
  const openHit = useStore((s) => s.openHit);
  const author = usePersonName(hit.message.authorId, hit.message.authorName);
  return (
    <li>
      <button type="button" className="search-hit" data-testid={testId} onClick={() => void openHit(hit)}>
        <span className="search-hit-meta">
          <FormattedMessage
            {...messages.hitMeta}
            values={{
              author,
              stream: hit.streamName,
              strong: (chunks) => <strong key="author">{chunks}</strong>,
            }}
          />
          <span className="muted" title={fullDate(intl, hit.message.createdAt)}>
            {' · '}
            {shortDate(intl, hit.message.createdAt)}
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
  );
}

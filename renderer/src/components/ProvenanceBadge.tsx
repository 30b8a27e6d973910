/**
 * On an org-wide copy: where it came from. The link to the original works only for members of the
 * source team (who have its stream); everyone else sees that the original is team-only.
 */
import { defineMessages, FormattedMessage } from 'react-intl';
import type { Provenance } from '../../../shared/protocol';
import { useStore } from '../store';

/** Also the share dialog's preview line: it shows exactly what the organization will see. */
export const provenanceMessages = defineMessages({
  origin: { id: 'provenance.origin', defaultMessage: 'Shared from {team} · by {author}' },
  originApproved: {
    id: 'provenance.originApproved',
    defaultMessage: 'Shared from {team} · by {author} · approved by {approver}',
  },
});

const messages = defineMessages({
  viewOriginal: { id: 'provenance.viewOriginal', defaultMessage: 'View original' },
  teamOnly: { id: 'provenance.teamOnly', defaultMessage: '· original visible to {team} only' },
});

export function ProvenanceBadge({ provenance }: { provenance: Provenance }) {
  const hasSource = useStore((s) => s.streams.some((st) => st.id === provenance.sourceStreamId));
  const selectStream = useStore((s) => s.selectStream);
  const openThread = useStore((s) => s.openThread);
  return (
    <div className="provenance" data-testid="provenance-badge">
      <span className="provenance-text">
        <FormattedMessage
          {...(provenance.approverName ? provenanceMessages.originApproved : provenanceMessages.origin)}
          values={{
            team: provenance.sourceTeamName,
            author: provenance.authorName,
            approver: provenance.approverName,
          }}
        />
      </span>
      {hasSource ? (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            selectStream(provenance.sourceStreamId);
            void openThread(provenance.sourceMessageId);
          }}
        >
          <FormattedMessage {...messages.viewOriginal} />
        </button>
      ) : (
        <span className="muted">
          <FormattedMessage {...messages.teamOnly} values={{ team: provenance.sourceTeamName }} />
        </span>
      )}
    </div>
  );
}

/**
 * On an org-wide copy: where it came from. The link to the original works only for members of the
 * source team (who have its stream); everyone else sees that the original is team-only.
 */
import type { Provenance } from '../../../shared/protocol';
import { useStore } from '../store';

export function ProvenanceBadge({ provenance }: { provenance: Provenance }) {
  const hasSource = useStore((s) => s.streams.some((st) => st.id === provenance.sourceStreamId));
  const selectStream = useStore((s) => s.selectStream);
  const openThread = useStore((s) => s.openThread);
  const approver = provenance.approverName ? ` · approved by ${provenance.approverName}` : '';
  return (
    <div className="provenance" data-testid="provenance-badge">
      <span className="provenance-text">
        Shared from {provenance.sourceTeamName} · by {provenance.authorName}
        {approver}
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
          View original
        </button>
      ) : (
        <span className="muted">· original visible to {provenance.sourceTeamName} only</span>
      )}
    </div>
  );
}

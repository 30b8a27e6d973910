/**
 * The composer's explanation when its team requires acknowledging the current guidelines and I have
 * not: the server would refuse the post, so the composer says why and offers the guidelines.
 */
import { defineMessages, FormattedMessage } from 'react-intl';
import { postingBlocked, type Guidelines } from '../../../shared/protocol/guidelines';
import { useStore } from '../store';

const messages = defineMessages({
  blocked: {
    id: 'guidelines.notice.blocked',
    defaultMessage: 'Posting in {team} requires acknowledging its guidelines (version {version, number}) first.',
  },
  read: { id: 'guidelines.notice.read', defaultMessage: 'Read the guidelines' },
});

/** The guidelines that keep me from posting in this stream, or null. */
export function useGuidelinesBlock(streamId: string): Guidelines | null {
  return useStore((s) => {
    const teamId = s.streams.find((x) => x.id === streamId)?.teamId;
    const g = teamId ? s.guidelines?.find((x) => x.teamId === teamId) : undefined;
    return g && postingBlocked(g) ? g : null;
  });
}

export function GuidelinesNotice({ streamId, block }: { streamId: string; block: Guidelines | null }) {
  const team = useStore((s) => s.streams.find((x) => x.id === streamId)?.name ?? '');
  const ask = useStore((s) => s.askGuidelines);
  if (!block?.current) return null;
  return (
    <p role="status" className="error-text guidelines-notice" data-testid="guidelines-notice">
      <FormattedMessage {...messages.blocked} values={{ team, version: block.current.version }} />{' '}
      <button type="button" className="link-button" onClick={() => ask(block.teamId)}>
        <FormattedMessage {...messages.read} />
      </button>
    </p>
  );
}

/**
 * Where an archived team's composer was (docs/governance.md#archived-teams): its history stays readable,
 * but the server refuses new posts, replies, reactions and proposals, so nothing here invites them.
 */
import { defineMessages, FormattedMessage } from 'react-intl';

const messages = defineMessages({
  archived: { id: 'stream.archivedNotice', defaultMessage: 'This team is archived: you can read its history' },
});

export function ArchivedNotice() {
  return (
    <div className="archived-notice" role="note" data-testid="archived-notice">
      <FormattedMessage {...messages.archived} />
    </div>
  );
}

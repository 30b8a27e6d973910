/**
 * Archive or open again one team of the admin console (docs/governance.md#archived-teams), asked
 * twice: archiving closes the team to new posts for all its members at once, so it is confirmed
 * first, and so is opening it again.
 */
import { useState } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import type { AdminTeam } from '../../../../shared/protocol';

const messages = defineMessages({
  archived: { id: 'admin.teams.archived', defaultMessage: 'Archived' },
  archive: { id: 'admin.teams.archive', defaultMessage: 'Archive' },
  unarchive: { id: 'admin.teams.unarchive', defaultMessage: 'Unarchive' },
  confirmArchive: {
    id: 'admin.teams.confirmArchive',
    defaultMessage: 'Archive {team}? Its members can still read it, but nobody can post, reply or react there.',
  },
  confirmUnarchive: {
    id: 'admin.teams.confirmUnarchive',
    defaultMessage: 'Open {team} again? Its members can post there once more.',
  },
  cancel: { id: 'admin.teams.archiveCancel', defaultMessage: 'Cancel' },
});

export function TeamArchiveControl(props: {
  team: AdminTeam;
  busy: boolean;
  onArchive: (archived: boolean) => Promise<void>;
}) {
  const { team, busy } = props;
  const [confirming, setConfirming] = useState(false);
  const action = team.archived ? messages.unarchive : messages.archive;
  if (confirming)
    return (
      <span className="confirm" data-testid="team-archive-confirm">
        <FormattedMessage
          {...(team.archived ? messages.confirmUnarchive : messages.confirmArchive)}
          values={{ team: team.name }}
        />
        <button
          type="button"
          className={`button button-small${team.archived ? '' : ' button-danger'}`}
          disabled={busy}
          onClick={() => {
            setConfirming(false);
            void props.onArchive(!team.archived);
          }}
        >
          <FormattedMessage {...action} />
        </button>
        <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
          <FormattedMessage {...messages.cancel} />
        </button>
      </span>
    );
  return (
    <>
      {team.archived && (
        <span className="badge" data-testid="team-archived-badge">
          <FormattedMessage {...messages.archived} />
        </span>
      )}
      <button type="button" className="button button-small" disabled={busy} onClick={() => setConfirming(true)}>
        <FormattedMessage {...action} />
      </button>
    </>
  );
}

/**
 * Asks me to read guidelines I have not acknowledged: the organization's on entering the app, a
 * team's on entering its stream, and again for every new version. "I have read these" acknowledges
 * (online only: offline it says so and keeps asking); "Later" stops asking about this version for
 * this session, except when the composer's notice asks to see them.
 */
import { useEffect } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { needsAcknowledgement, type Guidelines } from '../../../shared/protocol/guidelines';
import { formatError } from '../i18n/errors';
import { fullDate } from '../lib/format';
import { useStore } from '../store';
import { laterKey } from '../store/guidelinesSlice';
import type { Store } from '../store/types';
import { Markdown } from './Markdown';
import { Modal } from './Modal';

const messages = defineMessages({
  orgTitle: { id: 'guidelines.dialog.orgTitle', defaultMessage: 'Guidelines of {org}' },
  teamTitle: { id: 'guidelines.dialog.teamTitle', defaultMessage: 'Guidelines of {team}' },
  version: {
    id: 'guidelines.dialog.version',
    defaultMessage: 'Version {version, number}, published by {publisher} on {at}',
  },
  requireAck: {
    id: 'guidelines.dialog.requireAck',
    defaultMessage: 'You can post in {team} once you have acknowledged these guidelines.',
  },
  acknowledge: { id: 'guidelines.dialog.acknowledge', defaultMessage: 'I have read these' },
  later: { id: 'guidelines.dialog.later', defaultMessage: 'Later' },
  offline: {
    id: 'guidelines.dialog.offline',
    defaultMessage:
      'Acknowledging needs a connection to the server, which records the version you read. Try again when you are online.',
  },
});

/** The guidelines the dialog should show now, or null. */
function pendingGuidelines(s: Store): Guidelines | null {
  const all = s.guidelines;
  if (!all || !s.session?.signedIn) return null;
  if (s.guidelinesAsked) {
    const asked = all.find((g) => g.teamId === s.guidelinesAsked?.teamId);
    if (asked && needsAcknowledgement(asked)) return asked;
  }
  const waiting = (g: Guidelines | undefined) =>
    g !== undefined && needsAcknowledgement(g) && !s.guidelinesLater.includes(laterKey(g.teamId, g.current!.version));
  const org = all.find((g) => g.teamId === null);
  if (waiting(org)) return org!;
  const stream = s.streams.find((x) => x.id === s.selectedStreamId);
  const team = stream?.teamId ? all.find((g) => g.teamId === stream.teamId) : undefined;
  return waiting(team) ? team! : null;
}

export function GuidelinesDialog() {
  const intl = useIntl();
  const pending = useStore(pendingGuidelines);
  const loaded = useStore((s) => s.guidelines !== null);
  const signedIn = useStore((s) => s.session?.signedIn === true);
  const load = useStore((s) => s.loadGuidelines);
  const orgName = useStore((s) => s.session?.orgName ?? '');
  const teamName = useStore((s) => s.teams.find((t) => t.id === pending?.teamId)?.name ?? '');
  const error = useStore((s) => s.guidelinesError);
  const acknowledge = useStore((s) => s.acknowledgeGuidelines);
  const putOff = useStore((s) => s.putOffGuidelines);

  useEffect(() => {
    if (signedIn && !loaded) void load();
  }, [signedIn, loaded, load]);

  if (!pending?.current) return null;
  const { current, teamId } = pending;
  const later = () => putOff(teamId, current.version);
  return (
    <Modal onClose={later} className="guidelines-dialog" labelledBy="guidelines-title" testId="guidelines-dialog">
      <h2 id="guidelines-title">
        {teamId === null ? (
          <FormattedMessage {...messages.orgTitle} values={{ org: orgName }} />
        ) : (
          <FormattedMessage {...messages.teamTitle} values={{ team: teamName }} />
        )}
      </h2>
      <p className="muted">
        <FormattedMessage
          {...messages.version}
          values={{
            version: current.version,
            publisher: current.publisherName,
            at: fullDate(intl, current.publishedAt),
          }}
        />
      </p>
      <div className="guidelines-body" data-testid="guidelines-body">
        <Markdown text={current.body} />
      </div>
      {pending.requireAck && (
        <p className="muted">
          <FormattedMessage {...messages.requireAck} values={{ team: teamName }} />
        </p>
      )}
      {error && (
        <p role="alert" className="error-text" data-testid="guidelines-error">
          {error.code === 'UNAVAILABLE' ? intl.formatMessage(messages.offline) : formatError(intl, error)}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={later}>
          <FormattedMessage {...messages.later} />
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="guidelines-acknowledge"
          onClick={() => void acknowledge(teamId, current.version)}
        >
          <FormattedMessage {...messages.acknowledge} />
        </button>
      </div>
    </Modal>
  );
}

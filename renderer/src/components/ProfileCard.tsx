/*
 * The profile card: a dialog with what the server lets me see of a person. Fields they keep hidden
 * from me are not in the answer, so they are simply not shown (the card never hints at them).
 * Offline it shows what I could see last, and says when that was.
 */
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { PROFILE_FIELDS, type Profile, type ProfileField } from '../../../shared/protocol/profiles';
import { formatText } from '../i18n/text';
import { fullDate } from '../lib/format';
import { selectMyId, useStore } from '../store';
import { CardPhoto } from './CardPhoto';
import { Modal } from './Modal';
import { personNames } from '../store/personNames';

const messages = defineMessages({
  label: { id: 'profileCard.label', defaultMessage: 'Profile' },
  close: { id: 'profileCard.close', defaultMessage: 'Close' },
  loading: { id: 'profileCard.loading', defaultMessage: 'Loading…' },
  nothingShared: {
    id: 'profileCard.nothingShared',
    defaultMessage: 'Nothing else of this profile is shared with you.',
  },
  offline: { id: 'profileCard.offline', defaultMessage: 'Offline: as you last saw it, {when}.' },
  message: { id: 'profileCard.message', defaultMessage: 'Send a direct message' },
  neverSeen: {
    id: 'profileCard.neverSeen',
    defaultMessage: 'You are offline and have not opened this profile on this computer before.',
  },
});

/** Each optional field's label, shared with the profile editor. */
export const FIELD_LABELS: Record<ProfileField, MessageDescriptor> = defineMessages({
  title: { id: 'profile.field.title', defaultMessage: 'Title' },
  teamRole: { id: 'profile.field.teamRole', defaultMessage: 'Role in the team' },
  location: { id: 'profile.field.location', defaultMessage: 'Location' },
  timeZone: { id: 'profile.field.timeZone', defaultMessage: 'Time zone' },
  phone: { id: 'profile.field.phone', defaultMessage: 'Phone' },
  about: { id: 'profile.field.about', defaultMessage: 'About' },
  skills: { id: 'profile.field.skills', defaultMessage: 'Skills' },
});

function Fields({ profile }: { profile: Profile }) {
  const intl = useIntl();
  const shown = PROFILE_FIELDS.filter((field) => profile[field] !== undefined);
  if (shown.length === 0)
    return (
      <p className="muted" data-testid="profile-nothing-shared">
        <FormattedMessage {...messages.nothingShared} />
      </p>
    );
  return (
    <dl className="profile-fields">
      {shown.map((field) => (
        <div key={field} data-testid={`profile-${field}`}>
          <dt>{intl.formatMessage(FIELD_LABELS[field])}</dt>
          <dd>{field === 'skills' ? (profile.skills ?? []).join(', ') : profile[field]}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ProfileCard() {
  const intl = useIntl();
  const userId = useStore((s) => s.profileCardUserId);
  const card = useStore((s) => s.profileCard);
  const error = useStore((s) => s.profileCardError);
  const close = useStore((s) => s.closeProfile);
  const fallbackName = useStore((s) => (userId === null ? null : (personNames(s.users).get(userId) ?? null)));
  const myId = useStore(selectMyId);
  const openDirect = useStore((s) => s.openDirect);
  if (userId === null) return null;
  const name = card?.profile?.displayName ?? fallbackName;
  return (
    <Modal
      onClose={close}
      className="profile-card"
      testId="profile-card"
      label={name ?? intl.formatMessage(messages.label)}
      initialFocus=".profile-card-close"
    >
      <header className="profile-card-header">
        <CardPhoto userId={userId} name={name ?? ''} photoId={card?.profile?.photoId} />
        <h2>{name ?? intl.formatMessage(messages.label)}</h2>
        <button
          type="button"
          className="icon-button profile-card-close"
          aria-label={intl.formatMessage(messages.close)}
          onClick={close}
        >
          ✕
        </button>
      </header>
      {userId !== myId && (
        <button
          type="button"
          className="button button-small"
          data-testid="profile-message"
          onClick={() => {
            close();
            void openDirect([userId]);
          }}
        >
          <FormattedMessage {...messages.message} />
        </button>
      )}
      {error ? (
        <p role="alert" className="error-text">
          {formatText(intl, error)}
        </p>
      ) : card === null ? (
        <p className="muted" aria-busy="true">
          <FormattedMessage {...messages.loading} />
        </p>
      ) : card.profile === null ? (
        <p className="muted" data-testid="profile-never-seen">
          <FormattedMessage {...messages.neverSeen} />
        </p>
      ) : (
        <>
          <Fields profile={card.profile} />
          {card.source === 'cache' && card.fetchedAt !== null && (
            <p className="muted" data-testid="profile-offline">
              <FormattedMessage {...messages.offline} values={{ when: fullDate(intl, card.fetchedAt) }} />
            </p>
          )}
        </>
      )}
    </Modal>
  );
}

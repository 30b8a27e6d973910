/*
 * My profile, in Settings: the display name everyone in my organization sees, and each optional field
 * with who may see it. Every field starts private ("Only me"); nothing here is required but the name.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import {
  PROFILE_FIELDS,
  PROFILE_LIMITS,
  type FullVisibility,
  type ProfileField,
  type ProfileVisibility,
} from '../../../shared/protocol/profiles';
import { formatText, type UiText } from '../i18n/text';
import { useStore } from '../store';
import { PhotoPicker } from './PhotoPicker';
import { FIELD_LABELS } from './ProfileCard';

const messages = defineMessages({
  heading: { id: 'profileEditor.heading', defaultMessage: 'My profile' },
  privateByDefault: {
    id: 'profileEditor.privateByDefault',
    defaultMessage:
      'Everything but your name is private until you choose otherwise: each field says who may see it. Fill in only what you want to.',
  },
  displayName: { id: 'profileEditor.displayName', defaultMessage: 'Display name' },
  visibilityOf: { id: 'profileEditor.visibilityOf', defaultMessage: 'Who may see: {field}' },
  skillsHint: { id: 'profileEditor.skillsHint', defaultMessage: 'Separate skills with commas.' },
  save: { id: 'profileEditor.save', defaultMessage: 'Save profile' },
  saved: { id: 'profileEditor.saved', defaultMessage: 'Profile saved.' },
  loading: { id: 'profileEditor.loading', defaultMessage: 'Loading your profile…' },
});

/** The visibility choices, most private first. */
export const VISIBILITY_LABELS = defineMessages({
  nobody: { id: 'profile.visibility.nobody', defaultMessage: 'Only me' },
  teams: { id: 'profile.visibility.teams', defaultMessage: 'My teams' },
  org: { id: 'profile.visibility.org', defaultMessage: 'My organization' },
});
const VISIBILITIES: ProfileVisibility[] = ['nobody', 'teams', 'org'];

const MAX_LENGTH: Record<Exclude<ProfileField, 'skills'>, number> = {
  title: PROFILE_LIMITS.title,
  teamRole: PROFILE_LIMITS.teamRole,
  location: PROFILE_LIMITS.location,
  timeZone: PROFILE_LIMITS.timeZone,
  phone: PROFILE_LIMITS.phone,
  about: PROFILE_LIMITS.about,
};

type Drafts = Record<ProfileField, string>;
type Own = NonNullable<ReturnType<typeof useStore.getState>['ownProfile']>;

function draftsOf(own: Own): Drafts {
  const p = own.profile;
  return {
    title: p.title ?? '',
    teamRole: p.teamRole ?? '',
    location: p.location ?? '',
    timeZone: p.timeZone ?? '',
    phone: p.phone ?? '',
    about: p.about ?? '',
    skills: (p.skills ?? []).join(', '),
  };
}

export function ProfileEditor() {
  const intl = useIntl();
  const own = useStore((s) => s.ownProfile);
  const loadOwnProfile = useStore((s) => s.loadOwnProfile);
  // kept here: a save re-keys the form (it starts again from what was saved), not the outcome
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<UiText | null>(null);

  useEffect(() => {
    void loadOwnProfile();
  }, [loadOwnProfile]);

  return (
    <section aria-labelledby="settings-profile" data-testid="profile-editor">
      <h3 id="settings-profile">{intl.formatMessage(messages.heading)}</h3>
      {own ? (
        <>
          <p className="muted">
            <FormattedMessage {...messages.privateByDefault} />
          </p>
          <ProfileForm
            key={own.profile.updatedAt ?? 'defaults'}
            own={own}
            status={status}
            onStatus={setStatus}
            onError={setError}
          />
        </>
      ) : (
        <p className="muted">
          <FormattedMessage {...messages.loading} />
        </p>
      )}
      {status === 'saved' && (
        <p role="status" className="muted">
          <FormattedMessage {...messages.saved} />
        </p>
      )}
      {error && (
        <p role="alert" className="error-text">
          {formatText(intl, error)}
        </p>
      )}
    </section>
  );
}

interface ProfileFormProps {
  own: Own;
  status: 'idle' | 'saving' | 'saved';
  onStatus: (status: 'idle' | 'saving' | 'saved') => void;
  onError: (error: UiText | null) => void;
}

function ProfileForm({ own, status, onStatus, onError }: ProfileFormProps) {
  const intl = useIntl();
  const saveProfile = useStore((s) => s.saveProfile);
  const [displayName, setDisplayName] = useState(own.profile.displayName);
  const [drafts, setDrafts] = useState<Drafts>(() => draftsOf(own));
  const [visibility, setVisibility] = useState<FullVisibility>(own.visibility);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    onStatus('saving');
    onError(null);
    const skills = drafts.skills
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const failed = await saveProfile({
      displayName,
      title: drafts.title,
      teamRole: drafts.teamRole,
      location: drafts.location,
      timeZone: drafts.timeZone,
      phone: drafts.phone,
      about: drafts.about,
      skills,
      visibility,
    });
    onError(failed);
    onStatus(failed ? 'idle' : 'saved');
  };

  return (
    <form className="profile-form" onSubmit={(e) => void onSubmit(e)}>
      <PhotoPicker
        hasPhoto={own.profile.photoId !== undefined}
        visibility={visibility.photo}
        onVisibility={(photo) => setVisibility({ ...visibility, photo })}
        options={VISIBILITIES.map((v) => ({ value: v, label: intl.formatMessage(VISIBILITY_LABELS[v]) }))}
      />
      <label className="field">
        <span>{intl.formatMessage(messages.displayName)}</span>
        <input
          value={displayName}
          required
          maxLength={PROFILE_LIMITS.displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
      </label>
      {PROFILE_FIELDS.map((field) => {
        const label = intl.formatMessage(FIELD_LABELS[field]);
        const onChange = (value: string) => setDrafts({ ...drafts, [field]: value });
        return (
          <div key={field} className="profile-field" data-testid={`profile-edit-${field}`}>
            <label className="field">
              <span>{label}</span>
              {field === 'about' ? (
                <textarea
                  value={drafts.about}
                  maxLength={MAX_LENGTH.about}
                  rows={3}
                  onChange={(e) => onChange(e.target.value)}
                />
              ) : (
                <input
                  value={drafts[field]}
                  {...(field === 'skills' ? {} : { maxLength: MAX_LENGTH[field] })}
                  onChange={(e) => onChange(e.target.value)}
                />
              )}
            </label>
            {field === 'skills' && (
              <span className="muted">
                <FormattedMessage {...messages.skillsHint} />
              </span>
            )}
            <select
              aria-label={intl.formatMessage(messages.visibilityOf, { field: label })}
              value={visibility[field]}
              onChange={(e) => setVisibility({ ...visibility, [field]: e.target.value as ProfileVisibility })}
            >
              {VISIBILITIES.map((v) => (
                <option key={v} value={v}>
                  {intl.formatMessage(VISIBILITY_LABELS[v])}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <button type="submit" className="button" disabled={status === 'saving'}>
        {intl.formatMessage(messages.save)}
      </button>
    </form>
  );
}

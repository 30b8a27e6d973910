/*
 * My photo in the profile editor: pick a file or drop an image here, remove it, and choose who may
 * see it (saved with the rest of the profile; like every field it starts as "Only me"). Optional:
 * nothing asks for a photo, and without one the initials stand in everywhere.
 */
import { useRef, useState, type DragEvent } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { PROFILE_PHOTO, type ProfileVisibility } from '../../../shared/protocol/profiles';
import { formatText, type UiText } from '../i18n/text';
import { selectMyId, useStore } from '../store';
import { Avatar } from './Avatar';

const messages = defineMessages({
  label: { id: 'photo.label', defaultMessage: 'Photo' },
  hint: {
    id: 'photo.hint',
    defaultMessage: 'Optional. Choose an image or drop one here; it is cropped to a square.',
  },
  choose: { id: 'photo.choose', defaultMessage: 'Choose a photo…' },
  remove: { id: 'photo.remove', defaultMessage: 'Remove photo' },
  working: { id: 'photo.working', defaultMessage: 'Sending the photo…' },
  visibility: { id: 'photo.visibility', defaultMessage: 'Who may see: Photo' },
});

export interface PhotoPickerProps {
  hasPhoto: boolean;
  visibility: ProfileVisibility;
  onVisibility: (visibility: ProfileVisibility) => void;
  /** The visibility choices, labelled as the other fields' are. */
  options: Array<{ value: ProfileVisibility; label: string }>;
}

export function PhotoPicker({ hasPhoto, visibility, onVisibility, options }: PhotoPickerProps) {
  const intl = useIntl();
  const myId = useStore(selectMyId);
  const myName = useStore((s) => s.ownProfile?.profile.displayName ?? s.session?.user?.name ?? '');
  const setMyPhoto = useStore((s) => s.setMyPhoto);
  const removeMyPhoto = useStore((s) => s.removeMyPhoto);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiText | null>(null);
  const [dragging, setDragging] = useState(false);

  const run = async (work: () => Promise<UiText | null>) => {
    setBusy(true);
    setError(null);
    setError(await work());
    setBusy(false);
  };
  const takeFile = (file: File | undefined) => {
    if (file) void run(() => setMyPhoto(file));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    takeFile(e.dataTransfer.files[0]);
  };

  return (
    <div
      className={`photo-picker${dragging ? ' photo-picker-dragging' : ''}`}
      data-testid="photo-picker"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {myId && <Avatar userId={myId} name={myName} className="photo-picker-avatar" />}
      <div className="photo-picker-controls">
        <span className="photo-picker-label">{intl.formatMessage(messages.label)}</span>
        <span className="muted">
          <FormattedMessage {...messages.hint} />
        </span>
        <input
          ref={input}
          type="file"
          hidden
          accept={PROFILE_PHOTO.types.join(',')}
          data-testid="photo-input"
          onChange={(e) => {
            takeFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <div className="photo-picker-buttons">
          <button type="button" className="button button-small" disabled={busy} onClick={() => input.current?.click()}>
            {intl.formatMessage(messages.choose)}
          </button>
          {hasPhoto && (
            <button
              type="button"
              className="button button-small"
              disabled={busy}
              data-testid="photo-remove"
              onClick={() => void run(removeMyPhoto)}
            >
              {intl.formatMessage(messages.remove)}
            </button>
          )}
          <select
            aria-label={intl.formatMessage(messages.visibility)}
            data-testid="photo-visibility"
            value={visibility}
            onChange={(e) => onVisibility(e.target.value as ProfileVisibility)}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        {busy && (
          <span role="status" className="muted">
            <FormattedMessage {...messages.working} />
          </span>
        )}
        {error && (
          <span role="alert" className="error-text">
            {formatText(intl, error)}
          </span>
        )}
      </div>
    </div>
  );
}

/*
 * A person's avatar: their photo where they let me see one (the core's avatar size, cached for
 * offline), else their initials. Decorative beside their name, so hidden from screen readers.
 */
import { useEffect } from 'react';
import { useStore } from '../store';

/** Up to two initials of a name: the first letters of its first and last words. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]!][0]!;
  const last = words.length > 1 ? [...words[words.length - 1]!][0]! : '';
  return (first + last).toUpperCase();
}

export interface AvatarProps {
  userId: string;
  name: string;
  /** The look of where it stands (`msg-avatar`, `stream-avatar`, …). */
  className: string;
  /** The photo's larger size as already loaded (the profile card), shown instead of the avatar size. */
  large?: string | null;
}

export function Avatar({ userId, name, className, large }: AvatarProps) {
  const dataUrl = useStore((s) => s.photos[userId]?.dataUrl ?? null);
  const version = useStore((s) => s.photosVersion);
  const loadPhoto = useStore((s) => s.loadPhoto);
  useEffect(() => {
    void loadPhoto(userId);
  }, [userId, version, loadPhoto]);
  const src = large ?? dataUrl;
  if (src)
    return (
      <img
        className={`avatar avatar-photo ${className}`}
        src={src}
        alt=""
        aria-hidden="true"
        data-testid="avatar-photo"
        data-user-id={userId}
        draggable={false}
      />
    );
  return (
    <span className={`avatar ${className}`} aria-hidden="true" data-testid="avatar-initials" data-user-id={userId}>
      {initials(name)}
    </span>
  );
}

/*
 * The photo at the top of a profile card: the larger size when the server shows me one (the card's
 * answer names it), the avatar size or the initials otherwise (offline, the avatar size the core
 * cached is what there is).
 */
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import { Avatar } from './Avatar';

export function CardPhoto({ userId, name, photoId }: { userId: string; name: string; photoId: string | undefined }) {
  const [large, setLarge] = useState<{ photoId: string; dataUrl: string | null } | null>(null);
  useEffect(() => {
    if (photoId === undefined) return;
    let current = true;
    call('profile:photo', { userId, size: 'large' })
      .then(({ dataUrl }) => {
        if (current) setLarge({ photoId, dataUrl });
      })
      // the avatar size stands in
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [userId, photoId]);
  const shown = photoId !== undefined && large?.photoId === photoId ? large.dataUrl : null;
  return <Avatar userId={userId} name={name} className="card-avatar" large={shown} />;
}

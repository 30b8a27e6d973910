/*
 * Pushes that change what the signed-in user may do, applied to the cache at once (no reconnect):
 * the speech and link policies, their org role and their role in a team stream, and guidelines
 * (which may hold their posts); and colleagues' new display names and photos.
 */
import type { ChangeKind } from '../../../shared/ipc/contract';
import type { Organization, User } from '../../../shared/protocol/entities';
import type { ServerPush } from '../../../shared/protocol/pushes';
import type { Db } from '../cache/database';
import { getAccountValue, setAccountValue, setDisplayName, upsertUser } from '../cache/directory';
import { forgetPhoto } from '../cache/profilePhotos';
import { storeSpeechPolicy } from '../cache/speechPolicy';
import { applyGuidelinesState, applyMyAcknowledgement } from '../cache/guidelines';
import { listStreamIds, upsertStream } from '../cache/streams';

/** The pushes this module applies. */
export type AccessPushName =
  | 'speechPolicy:changed'
  | 'urlPolicy:changed'
  | 'user:changed'
  | 'stream:changed'
  | 'guidelines:changed'
  | 'guidelines:acknowledged'
  | 'profile:changed';

/** What applying one push changed, for `data:changed`; `user` when the signed-in account itself changed. */
export interface AccessChange {
  streamIds: string[];
  kinds: ChangeKind[];
  user?: { user: User; org: Organization | null };
}

/** Applies one access push to the cache; null when it changed nothing (or is not for this account). */
export function applyAccessPush<N extends AccessPushName>(
  db: Db,
  myId: string,
  name: N,
  payload: ServerPush<N>,
): AccessChange | null {
  switch (name) {
    case 'speechPolicy:changed': {
      const { policy } = payload as ServerPush<'speechPolicy:changed'>;
      return storeSpeechPolicy(db, policy) ? { streamIds: [], kinds: ['policy'] } : null;
    }
    case 'urlPolicy:changed': {
      const { urlPolicy } = payload as ServerPush<'urlPolicy:changed'>;
      setAccountValue(db, 'urlPolicy', JSON.stringify(urlPolicy));
      return { streamIds: [], kinds: ['policy'] };
    }
    case 'user:changed': {
      const { user } = payload as ServerPush<'user:changed'>;
      if (user.id !== myId) return null;
      db.transaction(() => {
        upsertUser(db, user);
        setAccountValue(db, 'user', JSON.stringify(user));
      })();
      const org = getAccountValue(db, 'org');
      return {
        streamIds: [],
        kinds: ['session', 'directory'],
        user: { user, org: org ? (JSON.parse(org) as Organization) : null },
      };
    }
    case 'stream:changed': {
      const { stream } = payload as ServerPush<'stream:changed'>;
      // a stream not cached (yet) is stream:added's and the next hello's to bring
      if (!listStreamIds(db).includes(stream.id)) return null;
      upsertStream(db, stream, stream.headSeq);
      return { streamIds: [stream.id], kinds: ['streams'] };
    }
    case 'guidelines:changed': {
      const { guidelines } = payload as ServerPush<'guidelines:changed'>;
      return applyGuidelinesState(db, guidelines) ? { streamIds: [], kinds: ['guidelines'] } : null;
    }
    case 'guidelines:acknowledged': {
      const ack = payload as ServerPush<'guidelines:acknowledged'>;
      // someone else's acknowledgement changes nothing cached, but an open acknowledgements view re-reads
      const changed = ack.userId !== myId || applyMyAcknowledgement(db, ack.teamId, ack.version);
      return changed ? { streamIds: [], kinds: ['guidelines'] } : null;
    }
    case 'profile:changed': {
      // names are drawn from the directory wherever a person is shown: re-reading it renames them all
      const { userId, displayName, photo } = payload as ServerPush<'profile:changed'>;
      const renamed = setDisplayName(db, userId, displayName);
      // a new photo, none, or one hidden from me now: the cached copy goes, avatars ask again
      if (photo) forgetPhoto(db, userId);
      const kinds: ChangeKind[] = [
        ...(renamed ? (['directory'] as const) : []),
        ...(photo ? (['photos'] as const) : []),
      ];
      return kinds.length > 0 ? { streamIds: [], kinds } : null;
    }
  }
  return null;
}

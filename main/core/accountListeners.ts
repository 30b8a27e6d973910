import type { AppNotification, ChangeKind, IpcPush } from '../../shared/ipc/contract';
import { excerpt } from '../../shared/domain/excerpt';
import type { Account } from './account';
import { notifies } from './notifyLevels';
import type { NotifyLevel } from '../../shared/ipc/accounts';
import type { EngineListeners, LivePush } from './sync/syncEngine';

/** What the session reports to the core, which turns it into pushes. */
export interface SessionEvents {
  /** The active account's sync status (background accounts announce theirs as `accounts` changes). */
  status(status: IpcPush<'sync:status'>): void;
  changed(accountId: string | null, streamIds: string[], kinds: ChangeKind[]): void;
  notification(n: AppNotification): void;
  /** Presence or typing news of an account (live only). */
  live?(push: LivePush, accountId: string): void;
}

/** The sync status of a core with no account open. */
export function signedOutStatus(): IpcPush<'sync:status'> {
  return { accountId: null, state: 'signedOut', done: 0, total: 0, pendingCount: 0, lastError: null };
}

/** What one account's listeners need from the session that owns it. */
export interface AccountListenerHost {
  events: SessionEvents;
  isActive(): boolean;
  /** The account while it is open, else null (its engine may still report while closing). */
  account(): Account | null;
  /** The notification level of a stream for this account. */
  levelFor(acc: Account, streamId: string): NotifyLevel;
  /** The server's hello told who the user and org are: remember them among the known accounts. */
  remember(acc: Account): void;
  /** The server refused the token. */
  tokenRefused(): void;
  /** The server deactivated the account. */
  deactivated(): void;
  /** The cache was found damaged while in use. */
  damaged(acc: Account, reason: string): void;
}

/**
 * The listeners of one account's sync engine: its status reaches the window when the account is
 * active, and its notifications pass the account's per-stream levels.
 */
export function accountListeners(accountId: string, host: AccountListenerHost): EngineListeners {
  let lastState: string | null = null;
  const { events } = host;
  return {
    status: (s) => {
      if (host.isActive()) events.status(s);
      // the switcher shows each account's state: announce a change of state, not every progress step
      if (s.state !== lastState) events.changed(null, [], ['accounts']);
      lastState = s.state;
    },
    changed: (ids, kinds) => events.changed(accountId, ids, kinds),
    notification: (n) => {
      const a = host.account();
      if (a && notifies(host.levelFor(a, n.streamId), n.kind)) events.notification({ ...n, accountId });
    },
    liveMessage: (e) => {
      const a = host.account();
      const m = e.message;
      // a mention of me comes as the server's own notification
      if (!a || !m || m.mentions.includes(accountId) || !notifies(host.levelFor(a, e.streamId), 'message')) return;
      events.notification({
        kind: 'message',
        streamId: e.streamId,
        messageId: m.id,
        promotionId: null,
        actorId: m.authorId,
        actorName: m.authorName,
        text: excerpt(m.body),
        at: m.createdAt,
        accountId,
      });
    },
    live: (push) => events.live?.(push, accountId),
    helloed: (user, org) => {
      const a = host.account();
      if (!a) return;
      // the hello itself stored them in the cache
      a.user = user;
      a.org = org;
      host.remember(a);
    },
    unauthenticated: () => host.tokenRefused(),
    deactivated: () => host.deactivated(),
    damaged: (reason) => {
      const a = host.account();
      if (a) host.damaged(a, reason);
    },
  };
}

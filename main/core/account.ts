import { join } from 'node:path';
import type { Organization, User } from '../../shared/protocol/entities';
import type { Db } from './cache/database';
import { getAccountValue } from './cache/directory';
import { openOrRecoverCache } from './cache/recovery';
import type { BackoffOptions } from './sync/backoff';
import { SyncEngine, type EngineListeners } from './sync/syncEngine';

/** Where one account's cache lives. */
export function cacheFile(dataDir: string, userId: string): string {
  return join(dataDir, 'accounts', userId.replace(/[^A-Za-z0-9-]/g, '_'), 'cache.sqlite');
}

/** One signed-in account: its cache and its sync engine. */
export class Account {
  user: User | null;
  org: Organization | null;

  private constructor(
    readonly db: Db,
    readonly engine: SyncEngine,
    readonly serverUrl: string,
    readonly token: string,
    readonly userId: string,
  ) {
    const user = getAccountValue(db, 'user');
    const org = getAccountValue(db, 'org');
    this.user = user ? (JSON.parse(user) as User) : null;
    this.org = org ? (JSON.parse(org) as Organization) : null;
  }

  /** Opens (or rebuilds) the account's cache and starts syncing; `notice` is set when the cache was rebuilt. */
  static open(
    dataDir: string,
    session: { serverUrl: string; token: string; userId: string },
    backoff: BackoffOptions,
    listeners: EngineListeners,
    syncWindow?: number,
  ): { account: Account; notice: string | null } {
    const { db, notice } = openOrRecoverCache(cacheFile(dataDir, session.userId));
    const engine = new SyncEngine(
      db,
      {
        serverUrl: session.serverUrl,
        token: session.token,
        myId: session.userId,
        backoff,
        ...(syncWindow !== undefined ? { initialWindow: syncWindow } : {}),
      },
      listeners,
    );
    const account = new Account(db, engine, session.serverUrl, session.token, session.userId);
    return { account, notice };
  }

  /** Stops syncing and closes the cache. */
  close(): void {
    this.engine.stop();
    this.db.close();
  }
}

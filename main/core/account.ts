import { join } from 'node:path';
import type { Organization, User } from '../../shared/protocol/entities';
import { DEFAULT_SERVER_LIMITS, serverLimitsSchema, type ServerLimits } from '../../shared/protocol/requests';
import { closeCache, type Db, type SqliteRuntime } from './cache/database';
import { getAccountValue, setAccountValue } from './cache/directory';
import { checkInBackground, type BackgroundCheck } from './cache/integrity';
import { openOrRecoverCache, setAsideAndRebuild } from './cache/recovery';
import type { BackoffOptions } from './sync/backoff';
import { SyncEngine, type EngineListeners } from './sync/syncEngine';

/** Where one account's cache lives. */
export function cacheFile(dataDir: string, userId: string): string {
  return join(dataDir, 'accounts', userId.replace(/[^A-Za-z0-9-]/g, '_'), 'cache.sqlite');
}

/** How long after opening a cleanly closed cache its quick_check starts (the UI paints first). */
export const DEFAULT_INTEGRITY_CHECK_DELAY_MS = 3000;

/** How an account's cache is opened and checked. */
export interface AccountOpenOptions extends SqliteRuntime {
  syncWindow?: number | undefined;
  /** Delay before the background quick_check of a cleanly closed cache. */
  integrityCheckDelayMs?: number | undefined;
  /** Called when the background check finds the open cache damaged; the account is still open. */
  onDamaged?: ((reason: string) => void) | undefined;
  /** Set the existing cache aside and start from a fresh one (after damage was found in use). */
  rebuild?: boolean | undefined;
}

/** One signed-in account: its cache and its sync engine. */
export class Account {
  user: User | null;
  org: Organization | null;
  private closed = false;
  private checkTimer: NodeJS.Timeout | null = null;
  private check: BackgroundCheck | null = null;

  private constructor(
    readonly db: Db,
    readonly engine: SyncEngine,
    readonly serverUrl: string,
    readonly token: string,
    readonly userId: string,
    readonly file: string,
    private readonly runtime: SqliteRuntime,
  ) {
    const user = getAccountValue(db, 'user');
    const org = getAccountValue(db, 'org');
    this.user = user ? (JSON.parse(user) as User) : null;
    this.org = org ? (JSON.parse(org) as Organization) : null;
  }

  /**
   * Opens (or rebuilds) the account's cache and starts syncing; `notice` is set when the cache was
   * rebuilt. A cleanly closed cache gets its quick_check in a worker thread after a delay, and
   * `onDamaged` hears of a failure.
   */
  static open(
    dataDir: string,
    session: { serverUrl: string; token: string; userId: string },
    backoff: BackoffOptions,
    listeners: EngineListeners,
    options: AccountOpenOptions = {},
  ): { account: Account; notice: string | null } {
    const file = cacheFile(dataDir, session.userId);
    const runtime = { nativeBinding: options.nativeBinding };
    const { db, notice, fullyChecked } = options.rebuild
      ? setAsideAndRebuild(file, runtime)
      : openOrRecoverCache(file, runtime);
    const engine = new SyncEngine(
      db,
      {
        serverUrl: session.serverUrl,
        token: session.token,
        myId: session.userId,
        backoff,
        ...(options.syncWindow !== undefined ? { initialWindow: options.syncWindow } : {}),
      },
      listeners,
    );
    const account = new Account(db, engine, session.serverUrl, session.token, session.userId, file, runtime);
    if (!fullyChecked)
      account.scheduleCheck(options.integrityCheckDelayMs ?? DEFAULT_INTEGRITY_CHECK_DELAY_MS, options.onDamaged);
    return { account, notice };
  }

  /** Sets who is signed in and stores it in the cache, so a restart offline still knows. */
  remember(user: User | null, org: Organization | null): void {
    this.user = user;
    this.org = org;
    if (user) setAccountValue(this.db, 'user', JSON.stringify(user));
    if (org) setAccountValue(this.db, 'org', JSON.stringify(org));
  }

  /** The server's limits from its last `hello`; the defaults before the first one. */
  limits(): ServerLimits {
    const stored = getAccountValue(this.db, 'limits');
    const parsed = stored === null ? null : serverLimitsSchema.safeParse(JSON.parse(stored));
    return parsed?.success ? parsed.data : DEFAULT_SERVER_LIMITS;
  }

  private scheduleCheck(delayMs: number, onDamaged: ((reason: string) => void) | undefined): void {
    this.checkTimer = setTimeout(() => {
      this.checkTimer = null;
      if (this.closed) return;
      this.check = checkInBackground(this.file, this.runtime);
      void this.check.result.then((r) => {
        this.check = null;
        if (!r.ok && !this.closed) onDamaged?.(r.reason);
      });
    }, delayMs);
    // a pending check must not keep a host process alive
    this.checkTimer.unref();
  }

  /** Stops syncing and closes the cache; a clean close, so the next open skips the full check. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.check?.cancel();
    this.engine.stop();
    closeCache(this.db);
  }
}

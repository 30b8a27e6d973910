import { rmSync, statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Organization, User } from '../../shared/protocol/entities';
import { DEFAULT_SERVER_LIMITS, serverLimitsSchema, type ServerLimits } from '../../shared/protocol/requests';
import { closeCache, type Db, type SqliteRuntime } from './cache/database';
import { getAccountValue, setAccountValue } from './cache/directory';
import { checkInBackground, type BackgroundCheck } from './cache/integrity';
import { clearAndRebuild, openOrRecoverCache, setAsideAndRebuild } from './cache/recovery';
import type { FileEndpoint } from './files/fileTransfer';
import { pendingUploadsFolderOf, sweepStagedUploads } from './files/stagingFolder';
import type { CoreLogger } from './log';
import type { BackoffOptions } from './sync/backoff';
import { SyncEngine, type EngineListeners } from './sync/syncEngine';

/** Where one account's cache lives. */
export function cacheFile(dataDir: string, userId: string): string {
  return join(dataDir, 'accounts', userId.replace(/[^A-Za-z0-9-]/g, '_'), 'cache.sqlite');
}

/** The bytes an account's folder holds: the cache with its WAL, and any damaged copies set aside. */
export function accountFolderBytes(dataDir: string, userId: string): number {
  const folder = dirname(cacheFile(dataDir, userId));
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      total += statSync(join(folder, name)).size;
    } catch {
      // removed meanwhile
    }
  }
  return total;
}

/** Deletes an account's folder: its cache, WAL, markers and damaged copies. The account must be closed. */
export function removeAccountFolder(dataDir: string, userId: string): void {
  rmSync(dirname(cacheFile(dataDir, userId)), { recursive: true, force: true });
}

/** How long after opening a cleanly closed cache its quick_check starts (the UI paints first). */
export const DEFAULT_INTEGRITY_CHECK_DELAY_MS = 3000;

/** How an account's cache is opened and checked. */
export interface AccountOpenOptions extends SqliteRuntime {
  log: CoreLogger;
  syncWindow?: number | undefined;
  /** Delay before the background quick_check of a cleanly closed cache. */
  integrityCheckDelayMs?: number | undefined;
  /** Called when the background check finds the open cache damaged; the account is still open. */
  onDamaged?: ((reason: string) => void) | undefined;
  /**
   * Start from a fresh cache: `damaged` sets the existing one aside (damage found in use), `cleared`
   * deletes it (the user cleared local data). Unsent outbox rows are kept either way.
   */
  rebuild?: 'damaged' | 'cleared' | undefined;
}

/** One open account: its cache and its sync engine (which may have no token: then it only reads). */
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
   * Opens (or rebuilds) the account's cache and starts syncing (without a token: only reading, and
   * watching for the server); `notice` is set when the cache was rebuilt. A cleanly closed cache gets
   * its quick_check in a worker thread after a delay, and `onDamaged` hears of a failure.
   */
  static open(
    dataDir: string,
    session: { serverUrl: string; token: string | null; userId: string },
    backoff: BackoffOptions,
    listeners: EngineListeners,
    options: AccountOpenOptions,
  ): { account: Account; notice: string | null } {
    const file = cacheFile(dataDir, session.userId);
    const runtime = { nativeBinding: options.nativeBinding, key: options.key };
    const { db, notice, fullyChecked } =
      options.rebuild === 'damaged'
        ? setAsideAndRebuild(file, runtime)
        : options.rebuild === 'cleared'
          ? clearAndRebuild(file, runtime)
          : openOrRecoverCache(file, runtime);
    const engine: SyncEngine = new SyncEngine(
      db,
      {
        serverUrl: session.serverUrl,
        token: session.token,
        myId: session.userId,
        backoff,
        log: options.log,
        outboxUploads: {
          folder: pendingUploadsFolderOf(file),
          // read when an upload starts: the engine's token of that moment
          endpoint: (): FileEndpoint | null => {
            const token = engine.authToken();
            return token === null ? null : { serverUrl: session.serverUrl, token };
          },
        },
        ...(options.syncWindow !== undefined ? { initialWindow: options.syncWindow } : {}),
      },
      listeners,
    );
    // staged files no queued send holds are leftovers of an earlier run (a page's unsent attachments)
    sweepStagedUploads(db, pendingUploadsFolderOf(file));
    const account = new Account(db, engine, session.serverUrl, session.userId, file, runtime);
    if (!fullyChecked)
      account.scheduleCheck(options.integrityCheckDelayMs ?? DEFAULT_INTEGRITY_CHECK_DELAY_MS, options.onDamaged);
    return { account, notice };
  }

  /** The token the account syncs with; null while it waits for the password. */
  get token(): string | null {
    return this.engine.authToken();
  }

  /** Whether the cache file is encrypted (it has a key). */
  get encrypted(): boolean {
    return this.runtime.key !== undefined;
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

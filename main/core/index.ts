import type { About } from '../../shared/ipc/accounts';
import type { TributaryApi } from '../../shared/ipc/contract';
import { CoreImpl } from './core';
import type { CoreLogger } from './log';
import type { SecretStore } from './secrets';

export type { SecretStore } from './secrets';
export { fileSecretStore, tokenSecret, cacheKeySecret } from './secrets';
export type { CoreLogger } from './log';

/** How a host configures the client core. */
export interface ClientCoreOptions {
  /**
   * Per-app user-data folder: caches under dataDir/accounts/<userId>/cache.sqlite, the list of known
   * accounts (accounts.json, nothing secret) and the settings (settings.json).
   */
  dataDir: string;
  /** Login prefill, returned by session:get. */
  defaults: { serverUrl: string; demoAccounts: string[] };
  /** Where tokens and cache keys are kept; default: 0600 files in dataDir/secrets (plain text). */
  secrets?: SecretStore;
  /**
   * Ask the user once before keeping tokens in a store that does not encrypt (the desktop app on a
   * system without a keychain); until answered, tokens live in memory only. Cache keys are stored
   * either way, so the caches stay readable offline.
   */
  confirmPlainTokenStorage?: boolean;
  /** Encrypt each account's cache with its own random key (default true). */
  encryptCache?: boolean;
  /** Where the core logs; default: the console. */
  logger?: CoreLogger;
  /** What the host says about itself for `app:about` (versions, logs folder, notifications). */
  about?: Partial<About>;
  /** Opens a URL in the system browser once the URL policy allows it; absent → link:open answers opened:false. */
  openExternal?: (url: string) => Promise<void>;
  /**
   * Opens a downloaded file (a path in the offline file cache) with the system's application, or
   * with `reveal` shows it in its folder instead (types that could run code); absent → file:open
   * answers opened:false and the page downloads the file itself.
   */
  openFile?: (path: string, how: 'open' | 'reveal') => Promise<void>;
  /**
   * Where to save a compliance export download (the desktop's save dialog; the browser host's
   * downloads folder); null: the user cancelled. Absent: `dataDir/exports/<suggested name>`.
   */
  chooseExportFile?: ((suggestedName: string) => Promise<string | null>) | undefined;
  /** Reconnect backoff bounds; tests shorten them. */
  reconnect?: { minDelayMs?: number; maxDelayMs?: number };
  /** A newly seen stream catches up at most this many events below its head (default 2000); older history loads on demand. */
  syncWindow?: number;
  /**
   * Delay before the background quick_check of a cache that was closed cleanly (default 3000 ms, so
   * the first paint does not share the disk with it); after an unclean shutdown the check runs at open.
   */
  integrityCheckDelayMs?: number;
  /**
   * Path of better-sqlite3's addon built for this runtime, for every cache connection including the
   * integrity worker: the Electron host passes its Electron build; absent, the package's Node build.
   */
  nativeBinding?: string | undefined;
}

/**
 * The client core as the hosts see it: the contract itself (`invoke`, validated and typed per
 * channel, never throwing; typed `on`), plus `close`. Hosts are transports: they carry this, and
 * nothing else, to the renderer.
 */
export interface ClientCore extends TributaryApi {
  /** Stops every account's sync and closes their caches. */
  close(): Promise<void>;
}

/** Creates a client core; it opens the accounts that were open when the app last ran, offline too. */
export function createClientCore(options: ClientCoreOptions): ClientCore {
  return new CoreImpl(options);
}

import type { TributaryApi } from '../../shared/ipc/contract';
import { CoreImpl } from './core';
import type { TokenStore } from './tokenStore';

export type { TokenStore, SavedSession } from './tokenStore';
export { fileTokenStore } from './tokenStore';

/** How a host configures the client core. */
export interface ClientCoreOptions {
  /** Per-app user-data folder; caches go under dataDir/accounts/<userId>/cache.sqlite. */
  dataDir: string;
  /** Login prefill, returned by session:get. */
  defaults: { serverUrl: string; demoAccounts: string[] };
  /** How the login token persists; default: a 0600 file in dataDir. */
  tokenStore?: TokenStore;
  /** Opens a URL in the system browser once the URL policy allows it; absent → link:open answers opened:false. */
  openExternal?: (url: string) => Promise<void>;
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
  /** Stops sync and closes the db. */
  close(): Promise<void>;
}

/** Creates a client core; it resumes a saved session (token store) if there is one. */
export function createClientCore(options: ClientCoreOptions): ClientCore {
  return new CoreImpl(options);
}

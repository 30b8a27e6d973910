import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeCache, openCache } from '../../main/core/cache/database';
import { cacheFile } from '../../main/core/account';
import { setAccountValue } from '../../main/core/cache/directory';
import { createClientCore, type ClientCore } from '../../main/core/index';
import { accountUser } from '../fixtures/cacheDb';
import type { Identity } from '../fixtures/ids';
import type { SyncStatus } from '../../shared/ipc/contract';

/*
 * Starts the real client core (createClientCore) the way the app does: from a data folder with a
 * saved session and an account cache. Benchmarks that only read the cache point it at a server
 * address nobody listens on, so the core stays offline and every figure is a cache read.
 */

/** The client core as the hosts see it. */
export type CoreHandle = ClientCore;

/** Unwraps `{ ok, value | error }` results; passes plain values through. */
export function unwrap<T>(result: unknown): T {
  if (result && typeof result === 'object' && 'ok' in result) {
    const r = result as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    if (!r.ok) throw new Error(`core: ${r.error?.code ?? 'ERROR'} ${r.error?.message ?? ''}`);
    return r.value as T;
  }
  return result as T;
}

/** Writes the saved-session file and puts a copy of `fixture` where the core looks for the account's cache. */
export function prepareDataDir(
  dataDir: string,
  identity: Identity,
  fixture: string | null,
  serverUrl: string,
  token = 'offline-bench-token',
): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'session.json'), JSON.stringify({ serverUrl, token, userId: identity.me.id }), {
    mode: 0o600,
  });
  if (fixture === null) return;
  const target = cacheFile(dataDir, identity.me.id);
  mkdirSync(join(target, '..'), { recursive: true });
  copyFileSync(fixture, target);
  const db = openCache(target);
  try {
    setAccountValue(db, 'user', accountUser(identity));
    setAccountValue(db, 'org', JSON.stringify({ id: identity.orgId, name: 'Bench Org' }));
  } finally {
    // a clean close: otherwise the core would find the open marker and run the full quick_check
    closeCache(db);
  }
}

/** A loopback address where nothing listens, so the core stays offline. */
export const DEAD_SERVER = 'http://127.0.0.1:9';

/** Starts the client core on a data folder (fast reconnect bounds so a catch-up is not left waiting on backoff). */
export function startCore(dataDir: string, serverUrl: string): CoreHandle {
  return createClientCore({
    dataDir,
    defaults: { serverUrl, demoAccounts: [] },
    reconnect: { minDelayMs: 50, maxDelayMs: 500 },
  });
}

/** Resolves with the first `sync:status` push that `accept` takes (the current status counts too). */
export function waitForStatus(
  core: CoreHandle,
  accept: (s: SyncStatus) => boolean,
  timeoutMs: number,
): Promise<SyncStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`sync did not reach the expected state in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const off = core.on('sync:status', (s) => {
      if (!accept(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

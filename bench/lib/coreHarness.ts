import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeCache, connect, encryptInPlace, openCache, type Db } from '../../main/core/cache/database';
import { cacheFile } from '../../main/core/account';
import { setAccountValue } from '../../main/core/cache/directory';
import { createClientCore, type ClientCore } from '../../main/core/index';
import { cacheKeySecret, defaultSecretsDir, tokenSecret } from '../../main/core/secrets';
import { accountUser } from '../fixtures/cacheDb';
import type { Identity } from '../fixtures/ids';
import type { SyncStatus } from '../../shared/ipc/contract';

/*
 * Starts the real client core (createClientCore) the way the app does: from a data folder with a
 * saved account and its cache, encrypted as the app keeps it (or not, for the figures beside it).
 * Benchmarks that only read the cache point it at a server address nobody listens on, so the core
 * stays offline and every figure is a cache read.
 */

/** The cache key of every benchmark account: fixed, so an encrypted fixture is built once and kept. */
export const BENCH_CACHE_KEY = createHash('sha256').update('tributary bench cache key').digest('hex');

/** Whether a benchmark's cache is encrypted (as the app keeps it) or plain SQLite. */
export interface CacheMode {
  encrypted: boolean;
}

/** The app's configuration: encrypted. */
const APP_MODE: CacheMode = { encrypted: true };

/**
 * An encrypted copy of a fixture (BENCH_CACHE_KEY), built once next to it: `<fixture>.enc`. Building
 * one is `PRAGMA rekey` over every page (about a minute for the million-row fixture).
 */
export function encryptedFixture(fixture: string, log: (m: string) => void = () => undefined): string {
  const file = `${fixture}.enc`;
  if (existsSync(file)) return file;
  log(`encrypting a copy of ${fixture} (once; kept beside it)`);
  const tmp = `${file}.building`;
  rmSync(tmp, { force: true });
  copyFileSync(fixture, tmp);
  encryptInPlace(tmp, { key: BENCH_CACHE_KEY });
  rmSync(`${tmp}-wal`, { force: true });
  rmSync(`${tmp}-shm`, { force: true });
  renameSync(tmp, file);
  return file;
}

/** Opens a benchmark account's cache beside the core, with its key when it is encrypted. */
export function openAccountCache(
  dataDir: string,
  identity: Identity,
  options: { readonly?: boolean } = {},
  mode: CacheMode = APP_MODE,
): Db {
  return connect(
    cacheFile(dataDir, identity.me.id),
    { readonly: options.readonly ?? false },
    mode.encrypted ? { key: BENCH_CACHE_KEY } : {},
  );
}

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

/**
 * Writes the saved account (accounts.json, its token and cache key in the file secret store) and puts
 * a copy of `fixture` (encrypted unless `mode` says otherwise) where the core looks for its cache.
 */
export function prepareDataDir(
  dataDir: string,
  identity: Identity,
  fixture: string | null,
  serverUrl: string,
  token = 'offline-bench-token',
  mode: CacheMode = APP_MODE,
): void {
  const id = identity.me.id;
  mkdirSync(dataDir, { recursive: true });
  const account = { id, serverUrl, email: identity.me.email, name: identity.me.name, orgName: 'Bench Org' };
  writeFileSync(join(dataDir, 'accounts.json'), JSON.stringify({ version: 1, active: id, accounts: [account] }));
  const secrets = defaultSecretsDir(dataDir);
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  writeFileSync(join(secrets, tokenSecret(id)), token, { mode: 0o600 });
  if (mode.encrypted) writeFileSync(join(secrets, cacheKeySecret(id)), BENCH_CACHE_KEY, { mode: 0o600 });
  if (fixture === null) return;
  const target = cacheFile(dataDir, id);
  mkdirSync(join(target, '..'), { recursive: true });
  copyFileSync(mode.encrypted ? encryptedFixture(fixture) : fixture, target);
  const db = openCache(target, mode.encrypted ? { key: BENCH_CACHE_KEY } : {});
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
export function startCore(dataDir: string, serverUrl: string, mode: CacheMode = APP_MODE): CoreHandle {
  return createClientCore({
    dataDir,
    defaults: { serverUrl, demoAccounts: [] },
    reconnect: { minDelayMs: 50, maxDelayMs: 500 },
    encryptCache: mode.encrypted,
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

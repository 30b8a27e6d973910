import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/*
 * Where the core keeps what must not lie around readable: each account's login token and the key its
 * cache is encrypted with. The Electron host passes a store backed by the OS keychain (safeStorage);
 * the browser host and the tests use files only this user may read.
 */

/** A small key → secret store. Names are the core's own (`token-<id>`, `cachekey-<id>`). */
export interface SecretStore {
  /** `os`: encrypted by the system's keychain; `file`: plain text in files only this user can read. */
  readonly protection: 'os' | 'file';
  /** The secret, or null when there is none (or it can no longer be decrypted). */
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

const NAME_RE = /^[a-z]+-[A-Za-z0-9-]{1,80}$/;

/** Refuses names that could leave the store's folder; they are built by the core, so this is a bug guard. */
export function checkSecretName(name: string): string {
  if (!NAME_RE.test(name)) throw new Error(`invalid secret name ${JSON.stringify(name)}`);
  return name;
}

/** Writes a file only its owner can read, atomically (temp file, then rename). */
export async function writePrivateFile(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // a name of its own per write: two writes of one file must not share a temp file
  const tmp = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode: 0o600 });
  // the mode of writeFile applies only to a new file; a leftover temp file keeps its own
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/**
 * Secrets as files in `dir` (mode 0700), one per secret (mode 0600), in plain text: protected by the
 * file system's permissions only. The browser host and the tests use it; the desktop app on a system
 * without a keychain too.
 */
export function fileSecretStore(dir: string): SecretStore {
  const path = (name: string) => join(dir, checkSecretName(name));
  return {
    protection: 'file',
    async get(name) {
      return readFile(path(name), 'utf8').catch(() => null);
    },
    async set(name, value) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      await writePrivateFile(path(name), value);
    },
    async delete(name) {
      await rm(path(name), { force: true });
    },
  };
}

/** The secret name of an account's login token. */
export const tokenSecret = (accountId: string): string => `token-${accountId}`;
/** The secret name of the key an account's cache is encrypted with. */
export const cacheKeySecret = (accountId: string): string => `cachekey-${accountId}`;

/** A new random cache key: 256 bits as 64 hex digits (SQLite3MultipleCiphers' raw key form). */
export function newCacheKey(): string {
  return randomBytes(32).toString('hex');
}

/** Where the default file store keeps secrets inside the data folder. */
export function defaultSecretsDir(dataDir: string): string {
  return join(dataDir, 'secrets');
}

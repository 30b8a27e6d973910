import { safeStorage } from 'electron';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSecretName, fileSecretStore, writePrivateFile, type SecretStore } from '../core/secrets';

/*
 * Where the desktop app keeps login tokens and cache keys: encrypted by the OS keychain through
 * safeStorage (`<name>.bin`). Where no real keychain exists (Linux without a secret service falls
 * back to 'basic_text', a hard-coded key) safeStorage would only pretend: the store then says so
 * (`protection: 'file'`) and keeps plain files readable by this user only. The core asks the user
 * once whether tokens may go there; cache keys always do, so the caches stay readable offline.
 */

/** True only when safeStorage encrypts with a real OS secret store. */
export function secureStorageAvailable(platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

/** The secret store of the desktop app, in `dir` (e.g. userData/secrets). */
export function createSafeSecretStore(dir: string, platform: NodeJS.Platform = process.platform): SecretStore {
  if (!secureStorageAvailable(platform)) return fileSecretStore(dir);
  const path = (name: string) => join(dir, `${checkSecretName(name)}.bin`);
  return {
    protection: 'os',
    async get(name) {
      const data = await readFile(path(name)).catch(() => null);
      if (data === null) return null;
      try {
        return safeStorage.decryptString(data);
      } catch {
        // encrypted by another user or machine, or damaged: as if there were none
        return null;
      }
    },
    async set(name, value) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      await writePrivateFile(path(name), safeStorage.encryptString(value));
    },
    async delete(name) {
      await rm(path(name), { force: true });
    },
  };
}

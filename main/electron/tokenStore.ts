import { safeStorage } from 'electron';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { TokenStore } from '../core/tokenStore';

/*
 * Keeps the login token between launches, encrypted by the OS keychain through safeStorage. Where no
 * real keychain exists (Linux without a secret service falls back to 'basic_text', i.e. a hard-coded
 * key) nothing is written: the user signs in again rather than leaving a readable token on disk.
 */

const storedSessionSchema = z.object({
  serverUrl: z.string().url(),
  token: z.string().min(1),
  userId: z.string().min(1),
});

/** True only when safeStorage encrypts with a real OS secret store. */
export function secureStorageAvailable(platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

/** A TokenStore backed by one encrypted file (e.g. userData/session.bin). */
export function createSafeTokenStore(file: string, platform: NodeJS.Platform = process.platform): TokenStore {
  return {
    async load() {
      if (!secureStorageAvailable(platform)) return null;
      const data = await readFile(file).catch(() => null);
      if (data === null) return null;
      try {
        const parsed = storedSessionSchema.safeParse(JSON.parse(safeStorage.decryptString(data)));
        return parsed.success ? parsed.data : null;
      } catch {
        // Encrypted by another user or machine, or damaged: treat as signed out.
        return null;
      }
    },
    async save(value) {
      // Nothing is written without a real keychain, and an older session (perhaps another user's,
      // saved while the keychain worked) must not stay behind to be resumed on the next launch.
      if (!secureStorageAvailable(platform)) {
        await rm(file, { force: true });
        return;
      }
      const encrypted = safeStorage.encryptString(JSON.stringify(storedSessionSchema.parse(value)));
      await writeFile(file, encrypted, { mode: 0o600 });
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}

import { chmod, mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A saved session: enough to resume syncing without asking for the password. */
export interface SavedSession {
  serverUrl: string;
  token: string;
  userId: string;
}

/** How the login token persists; the Electron host passes one backed by safeStorage. */
export interface TokenStore {
  load(): Promise<SavedSession | null>;
  save(v: SavedSession): Promise<void>;
  clear(): Promise<void>;
}

/** The default store: a JSON file readable only by the user (0600), replaced atomically. */
export function fileTokenStore(file: string): TokenStore {
  return {
    async load() {
      try {
        const v = JSON.parse(await readFile(file, 'utf8')) as Partial<SavedSession>;
        if (typeof v.serverUrl === 'string' && typeof v.token === 'string' && typeof v.userId === 'string')
          return { serverUrl: v.serverUrl, token: v.token, userId: v.userId };
        return null;
      } catch {
        return null;
      }
    },
    async save(v) {
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.tmp`;
      await writeFile(tmp, JSON.stringify(v), { mode: 0o600 });
      await chmod(tmp, 0o600);
      await rename(tmp, file);
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}

/** Where the default token file lives inside the data folder. */
export function defaultTokenFile(dataDir: string): string {
  return join(dataDir, 'session.json');
}

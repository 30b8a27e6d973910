// electron-builder's beforeBuild hook (electron-builder.yml). For the installers electron-builder
// rebuilds the SQLite addons for Electron's ABI, and it does so in place, in
// node_modules/<package>/build: where the Node builds live that the server (better-sqlite3), the
// browser host and the tests (also the cache driver, better-sqlite3-multiple-ciphers) load. This hook
// sets the Node builds aside before that rebuild and puts them back when electron-builder exits (after
// packing), so `npm run dist` leaves the checkout as it found it. Killed by a signal, it cannot:
// `npm rebuild better-sqlite3 better-sqlite3-multiple-ciphers` then restores the Node builds.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CACHE_SQLITE_PACKAGE, SQLITE_ADDON_FILE } from '../scripts/desktop/cacheDriver.mjs';

/** The packages whose Node build is kept: the server's driver and the client cache's. */
export const SQLITE_PACKAGES = ['better-sqlite3', CACHE_SQLITE_PACKAGE];

/** Copies the Node builds of the addons under `projectDir` aside; returns the function that puts them back (once). */
export function keepNodeBuild(projectDir) {
  const addons = SQLITE_PACKAGES.map((pkg) =>
    join(projectDir, 'node_modules', pkg, 'build', 'Release', SQLITE_ADDON_FILE),
  );
  const present = addons.filter((addon) => existsSync(addon));
  if (present.length === 0) return () => undefined;
  const asideDir = mkdtempSync(join(tmpdir(), 'tributary-node-sqlite-'));
  present.forEach((addon, i) => copyFileSync(addon, join(asideDir, `${i}.node`)));
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    present.forEach((addon, i) => {
      mkdirSync(dirname(addon), { recursive: true });
      copyFileSync(join(asideDir, `${i}.node`), addon);
    });
    rmSync(asideDir, { recursive: true, force: true });
  };
}

let restoreAtExit = null;

/** Keeps the Node builds (once per run, before the first rebuild); true lets electron-builder rebuild for Electron. */
export async function beforeBuild(context) {
  if (!restoreAtExit) {
    restoreAtExit = keepNodeBuild(context.appDir);
    process.once('exit', restoreAtExit);
  }
  return true;
}

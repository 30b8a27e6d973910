// electron-builder's beforeBuild hook (electron-builder.yml). For the installers electron-builder
// rebuilds better-sqlite3 for Electron's ABI, and it does so in place, in
// node_modules/better-sqlite3/build: where the Node build lives that the server, the tests and the
// browser host load. This hook sets the Node build aside before that rebuild and puts it back when
// electron-builder exits (after packing), so `npm run dist` leaves the checkout as it found it.
// Killed by a signal, it cannot: `npm rebuild better-sqlite3` then restores the Node build.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const NODE_ADDON = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/** Copies the Node build of the addon under `projectDir` aside; returns the function that puts it back (once). */
export function keepNodeBuild(projectDir) {
  const addon = join(projectDir, NODE_ADDON);
  if (!existsSync(addon)) return () => undefined;
  const asideDir = mkdtempSync(join(tmpdir(), 'tributary-node-sqlite-'));
  copyFileSync(addon, join(asideDir, 'better_sqlite3.node'));
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    mkdirSync(dirname(addon), { recursive: true });
    copyFileSync(join(asideDir, 'better_sqlite3.node'), addon);
    rmSync(asideDir, { recursive: true, force: true });
  };
}

let restoreAtExit = null;

/** Keeps the Node build (once per run, before the first rebuild); true lets electron-builder rebuild for Electron. */
export async function beforeBuild(context) {
  if (!restoreAtExit) {
    restoreAtExit = keepNodeBuild(context.appDir);
    process.once('exit', restoreAtExit);
  }
  return true;
}

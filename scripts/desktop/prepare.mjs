// Everything the Electron host needs before `npm start` can open it: Electron's binary and the
// Electron build of the cache's SQLite driver (cacheDriver.mjs), each found where it is installed or obtained on first start.
import { desktopCacheDir, DesktopSetupError } from './artifacts.mjs';
import { downloadElectron, electronTarget, installedElectron } from './electronRuntime.mjs';
import { obtainSqliteBinding } from './sqliteForElectron.mjs';

/**
 * Returns `{ electron, sqliteBinding }` ready to launch, or `{ reason }`: one line saying why the
 * desktop app cannot open (the caller falls back to the browser host). Never throws.
 */
export async function prepareDesktop(root, { env = process.env, log = console.log } = {}) {
  try {
    const target = electronTarget(root);
    const cacheDir = desktopCacheDir(root, env);
    let electron = installedElectron(target, cacheDir, env);
    if (!electron) {
      if (env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1')
        return { reason: "Electron's binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips its download" };
      log(`Downloading Electron ${target.version} for ${target.platform}-${target.arch} (first start only)…`);
      electron = await downloadElectron(target, cacheDir, env);
    }
    const sqliteBinding = await obtainSqliteBinding({ root, target, electron, cacheDir, env, log });
    return { electron, sqliteBinding };
  } catch (error) {
    if (error instanceof DesktopSetupError) return { reason: error.message };
    return {
      reason: `the desktop app could not be prepared (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

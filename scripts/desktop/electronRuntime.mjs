// Electron's binary for `npm start`: found where it is already installed, else downloaded with
// Electron's own downloader (@electron/get, which honours ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR and the
// other mirror settings), checked against SHA-256 sums, unpacked into a staging folder and only then
// moved into place. Never loads `electron` itself: requiring it would start its own download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DesktopSetupError,
  inStaging,
  isChecksumRefusal,
  loadSumchecker,
  promote,
  reasonOf,
  resolveFrom,
} from './artifacts.mjs';

/** Where each platform's Electron zip keeps the executable. */
const EXECUTABLE_IN_ZIP = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

/** The Electron this checkout uses: version and ABI from node_modules/electron, and the host platform. */
export function electronTarget(root) {
  const electronDir = join(root, 'node_modules', 'electron');
  const manifest = join(electronDir, 'package.json');
  if (!existsSync(manifest)) throw new DesktopSetupError('the electron package is not installed (run npm install)');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  // electron ships its NODE_MODULE_VERSION; native modules must be built for exactly this one
  const abi = readFileSync(join(electronDir, 'abi_version'), 'utf8').trim();
  const platform = process.platform;
  return {
    electronDir,
    version,
    abi,
    platform,
    arch: process.arch,
    executable: EXECUTABLE_IN_ZIP[platform] ?? 'electron',
  };
}

function electronFolder(target, cacheDir) {
  return join(cacheDir, `electron-v${target.version}-${target.platform}-${target.arch}`);
}

/**
 * The Electron executable if it is there: ELECTRON_OVERRIDE_DIST_PATH (Electron's own "use this
 * build" setting), else what an earlier `npm start` installed in the desktop cache.
 */
export function installedElectron(target, cacheDir, env = process.env) {
  const executable = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, target.executable)
    : join(electronFolder(target, cacheDir), target.executable);
  return existsSync(executable) ? executable : null;
}

/** Whether the sums come from the mirror's SHASUMS256.txt (Electron's electron_use_remote_checksums setting). */
function remoteChecksums(env) {
  return Boolean(
    env.electron_use_remote_checksums ||
    env.npm_config_electron_use_remote_checksums ||
    env.ELECTRON_USE_REMOTE_CHECKSUMS,
  );
}

/**
 * Downloads, verifies and unpacks Electron into the cache; returns the executable. The zip is checked
 * against the sums shipped in the electron package (checksums.json), or with remote checksums on,
 * against the mirror's SHASUMS256.txt. A mismatch or a failed unpack installs nothing.
 */
export async function downloadElectron(target, cacheDir, env = process.env) {
  const fromElectron = join(target.electronDir, 'package.json');
  const { downloadArtifact } = await import(pathToFileURL(resolveFrom(fromElectron, '@electron/get')).href);
  const { extract } = await import(pathToFileURL(resolveFrom(fromElectron, '@electron-internal/extract-zip')).href);
  const checksums = remoteChecksums(env) ? undefined : createRequire(fromElectron)('./checksums.json');
  let zip;
  try {
    zip = await downloadArtifact({
      version: target.version,
      artifactName: 'electron',
      platform: target.platform,
      arch: target.arch,
      cacheRoot: env.electron_config_cache,
      force: env.force_no_cache === 'true',
      checksums,
    });
  } catch (error) {
    if (isChecksumRefusal(error, loadSumchecker(target.electronDir)))
      throw new DesktopSetupError(
        `Electron ${target.version}'s download does not match its SHA-256 checksum (${checksums ? "the electron package's checksums.json" : "the mirror's SHASUMS256.txt"}); nothing was installed`,
        { cause: error },
      );
    throw new DesktopSetupError(`Electron ${target.version} could not be downloaded (${reasonOf(error)})`, {
      cause: error,
    });
  }
  const finalDir = electronFolder(target, cacheDir);
  await inStaging(finalDir, async (staging) => {
    try {
      await extract(zip, { dir: staging });
    } catch (error) {
      throw new DesktopSetupError(`Electron ${target.version}'s zip could not be unpacked (${reasonOf(error)})`, {
        cause: error,
      });
    }
    if (!existsSync(join(staging, target.executable)))
      throw new DesktopSetupError(
        `Electron ${target.version}'s zip holds no ${target.executable}; nothing was installed`,
      );
    promote(staging, finalDir);
  });
  return join(finalDir, target.executable);
}

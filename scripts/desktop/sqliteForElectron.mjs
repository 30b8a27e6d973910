// The client cache's SQLite driver (better-sqlite3-multiple-ciphers: better-sqlite3's API over
// SQLite3MultipleCiphers, see main/core/cache/database.ts) built for Electron, kept beside — never
// instead of — the Node build in node_modules/<package>/build that the browser host and the tests load.
// The Electron host gets its path as the driver's `nativeBinding`. Obtained once per (package version,
// Electron ABI, platform, arch): the prebuilt the package publishes for that Electron ABI, fetched from
// the URL prebuild-install would use (so its binary-host mirror settings apply), or where none is
// published, a node-gyp build against Electron's headers in a separate folder (rebuildSqlite.mjs).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { extract as untar } from 'tar';
import {
  DesktopSetupError,
  downloadFile,
  inStaging,
  isChecksumRefusal,
  loadSumchecker,
  promote,
  reasonOf,
} from './artifacts.mjs';
import { checkAddonLoadsInElectron } from './electronProcess.mjs';
import { CACHE_SQLITE_PACKAGE, SQLITE_ADDON_FILE } from './cacheDriver.mjs';
import { rebuildForElectron } from './rebuildSqlite.mjs';

/** require() as prebuild-install (the downloader the package's own install runs) sees its dependencies. */
function prebuildInstallRequire(root) {
  const fromPackage = createRequire(join(root, 'node_modules', CACHE_SQLITE_PACKAGE, 'package.json'));
  return createRequire(fromPackage.resolve('prebuild-install/package.json'));
}

/** '' on glibc and off Linux, else the C library's name ('musl'): the {libc} part of prebuilt names, as prebuild-install computes it. */
function libcSuffix(root, env) {
  if (process.platform !== 'linux') return '';
  const detectLibc = prebuildInstallRequire(root)('detect-libc');
  const libc = env.LIBC || env.npm_config_libc || (detectLibc.isNonGlibcLinuxSync() && detectLibc.familySync()) || '';
  return libc === detectLibc.GLIBC ? '' : libc;
}

/** Where the Electron build for this target lives: `dir` holds build/Release/better_sqlite3.node (`addon`). */
export function sqliteBindingPaths(root, target, cacheDir, env = process.env) {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', CACHE_SQLITE_PACKAGE, 'package.json'), 'utf8'));
  const libc = libcSuffix(root, env);
  const name = `${pkg.name}-v${pkg.version}-electron-v${target.abi}-${target.platform}${libc}-${target.arch}`;
  const dir = join(cacheDir, name);
  return { pkg, libc, name, dir, addon: join(dir, 'build', 'Release', SQLITE_ADDON_FILE) };
}

/**
 * The prebuilt's URL exactly as prebuild-install forms it: the package's GitHub releases by default,
 * npm_config_better_sqlite3_multiple_ciphers_binary_host (or _binary_host_mirror) replaces the host.
 */
export function prebuiltUrl(root, paths, target) {
  return prebuildInstallRequire(root)('./util.js').getDownloadUrl({
    pkg: paths.pkg,
    runtime: 'electron',
    abi: target.abi,
    platform: target.platform,
    arch: target.arch,
    libc: paths.libc,
    'tag-prefix': 'v',
  });
}

/**
 * Checks the tarball against SHASUMS256.txt in the same release folder when the host publishes one
 * (a mirror may; the package's GitHub releases do not, and there the load check is what catches a
 * bad file). A sum that differs refuses the file.
 */
async function verifyAgainstPublishedSums(url, tarball, target, staging) {
  const sumsUrl = new URL('SHASUMS256.txt', url).href;
  const sumsDir = join(staging, 'sums');
  mkdirSync(sumsDir);
  const sums = await downloadFile(sumsUrl, sumsDir);
  if (!sums) return;
  const sumchecker = loadSumchecker(target.electronDir);
  try {
    await sumchecker('sha256', sums, dirname(tarball), [basename(tarball)]);
  } catch (error) {
    if (isChecksumRefusal(error, sumchecker))
      throw new DesktopSetupError(
        `${basename(tarball)} does not match its SHA-256 checksum in ${sumsUrl}; nothing was installed`,
        { cause: error },
      );
    throw new DesktopSetupError(`${sumsUrl} could not be read (${reasonOf(error)})`, { cause: error });
  }
}

/** Downloads, verifies, unpacks and load-checks the prebuilt; returns the addon, or null when none is published. */
async function installPrebuilt(root, paths, target, electron, env) {
  const url = prebuiltUrl(root, paths, target);
  return inStaging(paths.dir, async (staging) => {
    const tarball = await downloadFile(url, staging);
    if (!tarball) return null;
    await verifyAgainstPublishedSums(url, tarball, target, staging);
    const unpacked = join(staging, 'unpacked');
    mkdirSync(unpacked);
    try {
      await untar({ file: tarball, cwd: unpacked, strict: true });
    } catch (error) {
      throw new DesktopSetupError(`${basename(tarball)} could not be unpacked (${reasonOf(error)})`, { cause: error });
    }
    const addon = join(unpacked, 'build', 'Release', SQLITE_ADDON_FILE);
    if (!existsSync(addon))
      throw new DesktopSetupError(`${basename(tarball)} holds no build/Release/${SQLITE_ADDON_FILE}`);
    await checkAddonLoadsInElectron(electron, root, addon, env);
    promote(unpacked, paths.dir);
    return paths.addon;
  });
}

/** Whether prebuild-install's build-from-source setting asks to skip prebuilts for the package. */
function buildFromSource(env) {
  const value = env.npm_config_build_from_source;
  return value === 'true' || value === CACHE_SQLITE_PACKAGE;
}

/**
 * The Electron build of the cache's SQLite driver for `target`, obtained on first use: the published
 * prebuilt, else a build against Electron's headers. Returns the addon's path; throws DesktopSetupError.
 */
export async function obtainSqliteBinding({ root, target, electron, cacheDir, env = process.env, log = console.log }) {
  const paths = sqliteBindingPaths(root, target, cacheDir, env);
  if (existsSync(paths.addon)) return paths.addon;
  const label = `${paths.pkg.name} ${paths.pkg.version} for Electron ${target.version} (ABI ${target.abi}, ${target.platform}${paths.libc}-${target.arch})`;
  if (!buildFromSource(env)) {
    log(`Fetching ${label}; first start only…`);
    const installed = await installPrebuilt(root, paths, target, electron, env);
    if (installed) return installed;
    log(`No prebuilt ${label} is published; building it against Electron's headers (first start only; minutes)…`);
  } else log(`Building ${label} from source (npm_config_build_from_source)…`);
  return rebuildForElectron({ root, target, electron, paths, env });
}

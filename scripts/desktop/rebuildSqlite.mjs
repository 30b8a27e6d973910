// Where no prebuilt of the cache's SQLite driver is published for Electron's ABI: node-gyp builds it
// against Electron's headers in a copy of its sources under the desktop cache. Never in node_modules: a
// build there would replace the Node build the browser host and the tests load (and npm's nodedir=/usr
// setting would silently compile against Node's headers while we believe it is Electron's).
import { cpSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DesktopSetupError, inStaging, promote, resolveFrom } from './artifacts.mjs';
import { checkAddonLoadsInElectron, childEnv, runProcess } from './electronProcess.mjs';
import { CACHE_SQLITE_PACKAGE, SQLITE_ADDON_FILE } from './cacheDriver.mjs';

/** Electron's headers, as @electron/rebuild fetches them (ELECTRON_REBUILD_DIST_URL names a mirror). */
export function electronHeadersUrl(env = process.env) {
  return env.ELECTRON_REBUILD_DIST_URL || 'https://electronjs.org/headers';
}

/** node-gyp's script: npm's (npm names it in npm_config_node_gyp for scripts it runs), else the project's or npm's bundled copy. */
function nodeGypScript(root, env) {
  if (env.npm_config_node_gyp && existsSync(env.npm_config_node_gyp)) return env.npm_config_node_gyp;
  try {
    return resolveFrom(join(root, 'package.json'), 'node-gyp/bin/node-gyp.js');
  } catch {
    const npmModules =
      process.platform === 'win32'
        ? join(dirname(process.execPath), 'node_modules')
        : join(dirname(process.execPath), '..', 'lib', 'node_modules');
    const bundled = join(npmModules, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (existsSync(bundled)) return bundled;
    throw new DesktopSetupError(
      `node-gyp was not found (it comes with npm); cannot build ${CACHE_SQLITE_PACKAGE} for Electron`,
    );
  }
}

/**
 * Builds the driver for `target` in a staging copy of its sources, load-checks the result in
 * Electron and installs only the addon at `paths.addon`. node-gyp's output goes to `<dir>.rebuild.log`.
 */
export async function rebuildForElectron({ root, target, electron, paths, env = process.env }) {
  const sources = join(root, 'node_modules', CACHE_SQLITE_PACKAGE);
  const logFile = `${paths.dir}.rebuild.log`;
  return inStaging(paths.dir, async (staging) => {
    const work = join(staging, CACHE_SQLITE_PACKAGE);
    for (const part of ['package.json', 'binding.gyp', 'src', 'deps'])
      cpSync(join(sources, part), join(work, part), { recursive: true });
    const args = [
      nodeGypScript(root, env),
      'rebuild',
      '--release',
      `--target=${target.version}`,
      `--arch=${target.arch}`,
      `--dist-url=${electronHeadersUrl(env)}`,
      // Electron's headers apart from Node's (as electron-builder keeps them)
      `--devdir=${join(homedir(), '.electron-gyp')}`,
    ];
    const { code } = await runProcess(process.execPath, args, {
      cwd: work,
      logFile,
      env: childEnv(env, { npm_config_runtime: 'electron' }),
    });
    const built = join(work, 'build', 'Release', SQLITE_ADDON_FILE);
    if (code !== 0 || !existsSync(built))
      throw new DesktopSetupError(
        `${CACHE_SQLITE_PACKAGE} could not be built for Electron ${target.version} (node-gyp exit ${code}; it needs python3, make and a C++ compiler; log: ${logFile})`,
      );
    await checkAddonLoadsInElectron(electron, root, built, env);
    const ready = join(staging, 'ready');
    mkdirSync(join(ready, 'build', 'Release'), { recursive: true });
    renameSync(built, join(ready, 'build', 'Release', SQLITE_ADDON_FILE));
    promote(ready, paths.dir);
    return paths.addon;
  });
}

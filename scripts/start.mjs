// `npm start`: build when the bundles are missing or stale, start the embedded sync server with the
// demo organization, then open the desktop app — Electron and its build of the cache's SQLite driver are fetched
// on first start (scripts/desktop/) — or, where they cannot be had, the browser host. Ctrl+C stops
// everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DEFAULT_PORT = 4600;
const PORT_ATTEMPTS = 20;
const HEALTH_TIMEOUT_MS = 60_000;
/** How the Electron host learns which SQLite addon to load (main/electron/sqliteBinding.ts). */
const SQLITE_BINDING_ENV = 'TRIBUTARY_SQLITE_BINDING';

/**
 * Null when this Node satisfies package.json's engines range, else the one line to print. Electron's
 * own packages declare Node >= 22.12, but the first-start download is tested on our minimum (20.19).
 */
export function nodeTooOld(version = process.versions.node, range = packageEngines()) {
  const semver = createRequire(import.meta.url)('semver');
  if (semver.satisfies(version, range)) return null;
  return `Tributary needs Node.js ${range} (package.json engines); this is Node.js ${version}. Install a newer Node.js and run npm start again.`;
}

function packageEngines() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
}

/** The OS's per-user app-data folder (TRIBUTARY_APPDATA overrides it, e.g. for a throwaway run). */
export function appDataDir(platform = process.platform, env = process.env, home = homedir()) {
  if (env.TRIBUTARY_APPDATA) return env.TRIBUTARY_APPDATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Tributary');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Tributary');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Tributary');
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function oldestOutput(paths) {
  let oldest = Infinity;
  for (const p of paths) oldest = existsSync(p) ? Math.min(oldest, statSync(p).mtimeMs) : 0;
  return oldest;
}

/** Rebuilds when an output is missing or any source it comes from is newer. */
function buildIfStale() {
  const outputs = [join(root, 'dist/renderer/index.html')];
  if (existsSync(join(root, 'main/electron/main.ts'))) outputs.push(join(root, 'dist/main/electron.cjs'));
  if (existsSync(join(root, 'main/preload/preload.ts'))) outputs.push(join(root, 'dist/main/preload.cjs'));
  const sources = ['renderer', 'shared', 'main/electron', 'main/preload', 'main/core', 'vite.config.ts'].map((p) =>
    join(root, p),
  );
  const newestSource = Math.max(...sources.map(newestMtime));
  if (oldestOutput(outputs) >= newestSource) return;
  console.log('Building Tributary (renderer, main, preload)…');
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('The build failed; see the errors above.');
    process.exit(1);
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

async function pickPort() {
  for (let port = DEFAULT_PORT; port < DEFAULT_PORT + PORT_ATTEMPTS; port += 1) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`No free port between ${DEFAULT_PORT} and ${DEFAULT_PORT + PORT_ATTEMPTS - 1}.`);
}

const children = new Set();

function startChild(label, args, extraEnv = {}) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`${label} stopped (${signal ?? `exit ${code}`}); shutting down.`);
      void stopAll(code === 0 ? 0 : 1);
    }
  });
  return child;
}

async function waitForHealth(url, child) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the server exited during start-up');
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer ${url}/api/health within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

let stopping = false;

async function stopAll(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  const waits = [...children].map(
    (child) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(waits);
  process.exit(exitCode);
}

async function main() {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const tooOld = nodeTooOld();
  if (tooOld) {
    console.error(tooOld);
    process.exit(1);
  }

  buildIfStale();
  const appData = appDataDir();
  const serverData = join(appData, 'server');
  mkdirSync(serverData, { recursive: true });
  const port = await pickPort();
  const serverUrl = `http://127.0.0.1:${port}`;
  console.log(`Starting the Tributary server on ${serverUrl} (data in ${serverData})…`);
  const server = startChild('The server', [
    '--import',
    'tsx',
    'server/cli.ts',
    '--demo',
    '--data',
    serverData,
    '--port',
    String(port),
  ]);
  await waitForHealth(serverUrl, server);

  // `--browser-host` (or TRIBUTARY_BROWSER_HOST=1) picks the browser host even where Electron is installed.
  const forceHost = process.argv.includes('--browser-host') || process.env.TRIBUTARY_BROWSER_HOST === '1';
  // loaded after the Node version check: its dependencies may not even parse on an older Node
  const { prepareDesktop } = await import('./desktop/prepare.mjs');
  const desktop = forceHost ? null : await prepareDesktop(root);
  if (desktop?.electron) {
    console.log('Opening the Tributary desktop app…');
    const env = { ...process.env, TRIBUTARY_SERVER_URL: serverUrl, [SQLITE_BINDING_ENV]: desktop.sqliteBinding };
    // inherited, it would start Electron as plain Node instead of the app
    delete env.ELECTRON_RUN_AS_NODE;
    const app = spawn(desktop.electron, [root], { cwd: root, stdio: 'inherit', env });
    children.add(app);
    app.once('exit', () => {
      children.delete(app);
      void stopAll(0);
    });
    return;
  }
  if (forceHost) console.log('Opening the browser host (asked for with --browser-host).');
  else {
    const reason = desktop.reason.charAt(0).toUpperCase() + desktop.reason.slice(1);
    console.log(`${reason}; opening the browser host instead.`);
  }
  const hostData = join(appData, 'browser-host');
  mkdirSync(hostData, { recursive: true });
  startChild('The browser host', [
    '--import',
    'tsx',
    'main/browserHost/cli.ts',
    '--data',
    hostData,
    '--server-url',
    serverUrl,
  ]);
}

// Importable (tests read appDataDir and nodeTooOld) without starting anything.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`Tributary could not start: ${error instanceof Error ? error.message : String(error)}`);
    void stopAll(1);
  });
}

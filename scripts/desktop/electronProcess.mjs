// Child processes of the first-start steps, and the check that decides whether an addon is the right
// build: load it in Electron itself (run as Node), which fails exactly as the app would — for example
// "compiled against a different Node.js version using NODE_MODULE_VERSION 115" — before it is installed.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { DesktopSetupError } from './artifacts.mjs';
import { CACHE_SQLITE_PACKAGE } from './cacheDriver.mjs';

const LOAD_CHECK_TIMEOUT_MS = 120_000;

/**
 * Runs a command to completion; resolves { code, output } (stdout + stderr, also written to logFile
 * when given). A command that cannot start, or that outlives timeoutMs, resolves with code null.
 */
export function runProcess(command, args, { cwd, env, logFile, timeoutMs } = {}) {
  return new Promise((resolve) => {
    let output = '';
    const log = logFile ? createWriteStream(logFile) : null;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => {
      output += chunk.toString();
      log?.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : null;
    const finish = (code) => {
      if (timer) clearTimeout(timer);
      if (log) log.end(() => resolve({ code, output }));
      else resolve({ code, output });
    };
    child.once('error', (error) => {
      output += String(error.message);
      finish(null);
    });
    child.once('close', (code) => finish(code));
  });
}

// Runs inside Electron-as-Node: opens an in-memory database through the candidate addon and reports
// what the app relies on (FTS5 for local search, SQLite3MultipleCiphers for the encrypted cache), or
// the loader's error (several lines for an ABI mismatch) as one line.
const LOAD_CHECK = `
let report;
try {
  const Database = require(process.env.TRIBUTARY_CHECK_MODULE);
  const db = new Database(':memory:', { nativeBinding: process.env.TRIBUTARY_CHECK_ADDON });
  const row = db.prepare("SELECT sqlite_version() AS version, sqlite_compileoption_used('ENABLE_FTS5') AS fts5").get();
  let cipher = null;
  try {
    cipher = db.prepare('SELECT sqlite3mc_version() AS v').get().v;
  } catch {}
  db.close();
  report = { sqlite: row.version, fts5: row.fts5 === 1, cipher };
} catch (error) {
  report = { error: String(error && error.message).replace(/\\s+/g, ' ').trim() };
}
process.stdout.write(JSON.stringify(report));
`;

/** An environment for a child that must not inherit run-as-Node mode or Node's own header folder. */
export function childEnv(env, extra = {}) {
  const clean = { ...env };
  for (const name of Object.keys(clean)) {
    if (name === 'ELECTRON_RUN_AS_NODE' || name.toLowerCase() === 'npm_config_nodedir') delete clean[name];
  }
  return { ...clean, ...extra };
}

/**
 * Loads `addon` through the project's cache driver (`module`) in `electron` run as Node; returns the SQLite
 * version. Throws a DesktopSetupError with the loader's own first error line when it does not load
 * (wrong ABI, damaged file) or lacks FTS5.
 */
export async function checkAddonLoadsInElectron(electron, root, addon, env = process.env) {
  const { code, output } = await runProcess(electron, ['-e', LOAD_CHECK], {
    cwd: root,
    timeoutMs: LOAD_CHECK_TIMEOUT_MS,
    env: childEnv(env, {
      ELECTRON_RUN_AS_NODE: '1',
      TRIBUTARY_CHECK_MODULE: join(root, 'node_modules', CACHE_SQLITE_PACKAGE),
      TRIBUTARY_CHECK_ADDON: addon,
    }),
  });
  let report;
  try {
    report = JSON.parse(output.trim().split('\n').pop());
  } catch {
    // Electron did not get as far as the report (crashed, killed, not an executable)
    report = null;
  }
  if (!report || report.error) {
    const why =
      report?.error ?? `Electron exited with ${code ?? 'no status'}: ${output.trim().split('\n').pop() ?? ''}`;
    throw new DesktopSetupError(`the SQLite module built for Electron does not load in Electron (${why.trim()})`);
  }
  if (!report.fts5) throw new DesktopSetupError('the SQLite module built for Electron lacks FTS5 (local search)');
  if (!report.cipher)
    throw new DesktopSetupError('the SQLite module built for Electron cannot encrypt (no SQLite3MultipleCiphers)');
  return report.sqlite;
}

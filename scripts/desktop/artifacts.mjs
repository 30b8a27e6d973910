// What the first-start steps share: the folder they install into, downloads to a file, and staging
// folders that become visible under their final name only once complete, so an interrupted or refused
// download never leaves something that looks installed.
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const DOWNLOAD_TIMEOUT_MS = 600_000;

/** A first-start step that failed; its message is the one line `npm start` prints. */
export class DesktopSetupError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'DesktopSetupError';
  }
}

/** An error as one line: its message, plus the network cause fetch hides (ENOTFOUND github.com, ECONNREFUSED…). */
export function reasonOf(error) {
  if (!(error instanceof Error)) return String(error);
  const first = error.message.split('\n')[0];
  const cause =
    error.cause instanceof Error
      ? [error.cause.code ?? error.cause.message, error.cause.hostname].filter(Boolean).join(' ')
      : null;
  return cause && !first.includes(cause) ? `${first}: ${cause}` : first;
}

/**
 * Where `npm start` keeps what it fetched for the desktop app (Electron, the Electron build of
 * the cache's SQLite driver): inside node_modules, so a fresh install starts clean; TRIBUTARY_DESKTOP_CACHE moves it.
 */
export function desktopCacheDir(root, env = process.env) {
  return env.TRIBUTARY_DESKTOP_CACHE || join(root, 'node_modules', '.cache', 'tributary-desktop');
}

/** Resolves a module the way `from` (a file) would: our tools load their own dependencies, not hoisted copies. */
export function resolveFrom(from, request) {
  return createRequire(from).resolve(request);
}

/**
 * sumchecker, the SHASUMS256.txt checker Electron's downloader uses, loaded from the downloader's own
 * dependencies (node_modules/electron → @electron/get → sumchecker).
 */
export function loadSumchecker(electronDir) {
  const getEntry = resolveFrom(join(electronDir, 'package.json'), '@electron/get');
  return createRequire(getEntry)('sumchecker');
}

/** Whether sumchecker refused a file: its sum differs, or the list has no line for it. */
export function isChecksumRefusal(error, sumchecker) {
  return error instanceof sumchecker.ChecksumMismatchError || error instanceof sumchecker.NoChecksumFoundError;
}

/** Whether the process `pid` still runs (signal 0 only asks). */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Removes staging folders of `finalDir` left by starts that were killed mid-download (their process
 * is gone); a concurrent start's folder stays.
 */
function sweepAbandoned(finalDir) {
  const prefix = `${basename(finalDir)}.partial-`;
  for (const entry of readdirSync(dirname(finalDir))) {
    const pid = entry.startsWith(prefix) ? Number(entry.slice(prefix.length).split('-')[0]) : NaN;
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid))
      rmSync(join(dirname(finalDir), entry), { recursive: true, force: true });
  }
}

/**
 * A fresh, empty folder beside `finalDir` (same file system, so promote() is one rename), named
 * `<final>.partial-<pid>-<random>` so a later start can tell an abandoned one.
 */
export function stagingDir(finalDir) {
  mkdirSync(dirname(finalDir), { recursive: true });
  sweepAbandoned(finalDir);
  const staging = mkdtempSync(`${finalDir}.partial-${process.pid}-`);
  // mkdtemp makes it private (0700); once promoted it is an ordinary folder
  chmodSync(staging, 0o755);
  return staging;
}

/**
 * Moves a complete staging folder to its final name in one rename. When another start got there first,
 * its copy is kept and ours dropped.
 */
export function promote(staging, finalDir) {
  try {
    renameSync(staging, finalDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(finalDir)) throw error;
  }
}

/** Runs `work(staging)` in a staging folder that is removed whatever happens; returns what work returns. */
export async function inStaging(finalDir, work) {
  const staging = stagingDir(finalDir);
  try {
    return await work(staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Downloads `url` into `folder` under its own file name and returns the file's path, or null when the
 * server answers 404 (not published). Other failures throw with the URL in the message.
 */
export async function downloadFile(url, folder) {
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw new DesktopSetupError(`could not download ${url} (${reasonOf(error)})`, { cause: error });
  }
  if (response.status === 404) return null;
  if (!response.ok || !response.body)
    throw new DesktopSetupError(`could not download ${url} (HTTP ${response.status})`);
  const file = join(folder, basename(new URL(url).pathname));
  await pipeline(Readable.fromWeb(response.body), createWriteStream(file));
  return file;
}

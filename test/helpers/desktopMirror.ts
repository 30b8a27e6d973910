// A local stand-in for the download hosts `npm start` uses on first start (Electron's releases and
// better-sqlite3's prebuilt binaries), which this machine cannot reach: a real HTTP server serving
// stub artifacts with SHA-256 sums, and a stand-in Electron executable. The stand-in runs as Node when
// asked to (ELECTRON_RUN_AS_NODE=1, as the load check does), so the "Electron build" of better-sqlite3
// it is served is a copy of the Node build; launched as the app, it records how it was started.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { create as createTar } from 'tar';
import { afterEach } from 'vitest';
import yazl from 'yazl';

export const root = resolve(import.meta.dirname, '..', '..');
/** The cache driver (scripts/desktop/cacheDriver.mjs) whose Electron build the first start obtains. */
export const cacheDriver = 'better-sqlite3-multiple-ciphers';
/** The Node build of the cache driver's addon: what the browser host and the tests load. */
export const nodeAddon = join(root, `node_modules/${cacheDriver}/build/Release/better_sqlite3.node`);

/** The versions the first-start steps read, from the same files they read them from. */
export const versions = {
  electron: (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string })
    .version,
  abi: readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim(),
  betterSqlite: (
    JSON.parse(readFileSync(join(root, `node_modules/${cacheDriver}/package.json`), 'utf8')) as { version: string }
  ).version,
};
const target = `${process.platform}-${process.arch}`;
/** File names as Electron's releases and prebuild-install name them. */
export const names = {
  electronZip: `electron-v${versions.electron}-${target}.zip`,
  prebuilt: `${cacheDriver}-v${versions.betterSqlite}-electron-v${versions.abi}-${target}.tar.gz`,
  /** The folder the Electron build is installed in, under the desktop cache. */
  bindingDir: `${cacheDriver}-v${versions.betterSqlite}-electron-v${versions.abi}-${target}`,
};

/** A running mirror: its base URL, the paths asked for (in order), and files that can be changed. */
export interface ArtifactMirror {
  url: string;
  requests: string[];
  files: Map<string, Buffer>;
  close(): Promise<void>;
}

/** Serves `files` (path → bytes) over HTTP on 127.0.0.1; anything else is 404. */
export async function serveArtifacts(files: Map<string, Buffer>): Promise<ArtifactMirror> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://mirror').pathname;
    requests.push(path);
    const body = files.get(path);
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    files,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A mirror and a scratch folder for one test. */
export interface MirrorSandbox {
  mirror: ArtifactMirror;
  dir: string;
}

/**
 * For a test file: `open(files)` starts a mirror serving `files` and makes a scratch folder; both are
 * closed and removed after each test.
 */
export function mirrorSandboxes(): { open(files: Map<string, Buffer>): Promise<MirrorSandbox> } {
  let current: MirrorSandbox | null = null;
  afterEach(async () => {
    await current?.mirror.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = null;
  });
  return {
    async open(files) {
      const dir = mkdtempSync(join(tmpdir(), 'tributary-first-start-'));
      current = { mirror: await serveArtifacts(files), dir };
      return current;
    },
  };
}

/** A SHASUMS256.txt for these files, in the format Electron publishes (`<sha256> *<name>`). */
export function shasums(entries: Record<string, Buffer>): Buffer {
  const lines = Object.entries(entries).map(
    ([name, data]) => `${createHash('sha256').update(data).digest('hex')} *${name}`,
  );
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** The sha256 of a file, to prove it did not change. */
export function fileDigest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The shell script of the stand-in Electron: Node when run as Node, else launched.cjs beside it. */
function stubElectronScript(): string {
  return [
    '#!/bin/sh',
    '# Stand-in for the Electron executable (test/helpers/desktopMirror.ts).',
    `if [ "$ELECTRON_RUN_AS_NODE" = "1" ]; then exec "${process.execPath}" "$@"; fi`,
    `exec "${process.execPath}" "$(dirname "$0")/launched.cjs" "$@"`,
    '',
  ].join('\n');
}

// Plays the app: records argv, cwd and the variables `npm start` sets, asks the embedded server's
// health URL, and opens a database with the SQLite addon it was handed; STUB_ELECTRON_RECORD names the file.
const LAUNCHED = `
const { writeFileSync } = require('node:fs');
(async () => {
  const record = {
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    serverUrl: process.env.TRIBUTARY_SERVER_URL ?? null,
    sqliteBinding: process.env.TRIBUTARY_SQLITE_BINDING ?? null,
    runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null,
  };
  try { record.health = (await fetch(record.serverUrl + '/api/health')).status; } catch (e) { record.health = String(e); }
  try {
    const Database = require(${JSON.stringify(join(root, 'node_modules', cacheDriver))});
    const db = new Database(':memory:', { nativeBinding: record.sqliteBinding });
    record.sqlite = db.prepare('SELECT sqlite_version() AS v').get().v;
    db.close();
  } catch (e) { record.sqlite = 'failed: ' + e.message; }
  writeFileSync(process.env.STUB_ELECTRON_RECORD, JSON.stringify(record));
})();
`;

/** The stand-in Electron as a release zip (executable bit kept), like electron-vX-platform-arch.zip. */
export function stubElectronZip(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(stubElectronScript()), 'electron', { mode: 0o100755 });
  zip.addBuffer(Buffer.from(LAUNCHED), 'launched.cjs');
  zip.addBuffer(Buffer.from(`v${versions.electron}`), 'version');
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolvePromise, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolvePromise(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Writes the stand-in Electron into `dir` (as ELECTRON_OVERRIDE_DIST_PATH would hold it); returns dir. */
export function writeStubElectron(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'electron'), stubElectronScript());
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'launched.cjs'), LAUNCHED);
  return dir;
}

/** A prebuilt tarball as the cache driver publishes it (build/Release/better_sqlite3.node) holding `addon`. */
export function prebuiltTarball(addon: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-prebuilt-'));
  try {
    mkdirSync(join(dir, 'build/Release'), { recursive: true });
    writeFileSync(join(dir, 'build/Release/better_sqlite3.node'), addon);
    createTar({ gzip: true, cwd: dir, file: join(dir, 'prebuilt.tar.gz'), sync: true }, ['build']);
    return readFileSync(join(dir, 'prebuilt.tar.gz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The mirror's files for a first start: Electron's zip under `electron/<customDir>/` and the prebuilt
 * under `<cache driver>/v<version>/`, each with its SHASUMS256.txt.
 */
export async function firstStartFiles(customDir: string): Promise<Map<string, Buffer>> {
  const zip = await stubElectronZip();
  const tarball = prebuiltTarball(readFileSync(nodeAddon));
  const electronDir = `/electron/${customDir}`;
  const sqliteDir = `/${cacheDriver}/v${versions.betterSqlite}`;
  return new Map([
    [`${electronDir}/${names.electronZip}`, zip],
    [`${electronDir}/SHASUMS256.txt`, shasums({ [names.electronZip]: zip })],
    [`${sqliteDir}/${names.prebuilt}`, tarball],
    [`${sqliteDir}/SHASUMS256.txt`, shasums({ [names.prebuilt]: tarball })],
  ]);
}

/** The environment that points the first-start downloads at `mirror` and keeps everything in `dir`. */
export function mirrorEnv(mirror: ArtifactMirror, dir: string, customDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_MIRROR: `${mirror.url}/electron/`,
    ELECTRON_CUSTOM_DIR: customDir,
    // stub artifacts are not Electron's real ones: check them against the mirror's SHASUMS256.txt
    electron_use_remote_checksums: '1',
    electron_config_cache: join(dir, 'electron-download-cache'),
    npm_config_better_sqlite3_multiple_ciphers_binary_host: `${mirror.url}/${cacheDriver}`,
    TRIBUTARY_DESKTOP_CACHE: join(dir, 'desktop'),
    TRIBUTARY_APPDATA: join(dir, 'appdata'),
    STUB_ELECTRON_RECORD: join(dir, 'launched.json'),
  };
  // CI forbids Electron downloads; these tests download only from the local mirror
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  delete env.TRIBUTARY_BROWSER_HOST;
  return env;
}

/**
 * Runs prepareDesktop (scripts/desktop/prepare.mjs) in a child Node with `env` (asynchronously: the
 * mirror answers from this process); returns its result and log lines.
 */
export async function runPrepare(env: NodeJS.ProcessEnv): Promise<{ result: Record<string, string>; log: string[] }> {
  const script = `
    const { prepareDesktop } = await import(${JSON.stringify(join(root, 'scripts/desktop/prepare.mjs'))});
    const log = [];
    const result = await prepareDesktop(${JSON.stringify(root)}, { log: (line) => log.push(line) });
    process.stdout.write(JSON.stringify({ result, log }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env,
  });
  return JSON.parse(stdout) as { result: Record<string, string>; log: string[] };
}

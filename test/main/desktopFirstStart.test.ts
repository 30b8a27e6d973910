// `npm start` on a first start with the download hosts replaced by a local mirror (ELECTRON_MIRROR +
// ELECTRON_CUSTOM_DIR for Electron, better-sqlite3's binary host as prebuild-install reads it): it
// downloads Electron and the Electron build of better-sqlite3, verifies them against SHASUMS256.txt,
// unpacks them, launches Electron on the app with that build selected, and reuses both afterwards; a
// download whose checksum does not match is refused in one line and nothing is left installed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTooOld } from '../../scripts/start.mjs';
import {
  fileDigest,
  firstStartFiles,
  mirrorEnv,
  mirrorSandboxes,
  names,
  nodeAddon,
  root,
  runPrepare,
  versions,
  writeStubElectron,
  cacheDriver,
} from '../helpers/desktopMirror';
import { runStartScript } from '../helpers/startScript';

const CUSTOM_DIR = 'custom-{{ version }}';
const servedDir = `custom-${versions.electron}`;

interface LaunchRecord {
  argv: string[];
  cwd: string;
  serverUrl: string;
  sqliteBinding: string;
  runAsNode: string | null;
  health: number | string;
  sqlite: string;
}

const sandboxes = mirrorSandboxes();

/** Runs `npm start` until the stand-in Electron has exited (which ends npm start); returns what it recorded. */
async function startUntilAppExits(env: NodeJS.ProcessEnv): Promise<{ record: LaunchRecord; output: string }> {
  const run = runStartScript(env);
  try {
    const code = await run.exited;
    expect(code, run.output()).toBe(0);
    return {
      record: JSON.parse(readFileSync(env.STUB_ELECTRON_RECORD!, 'utf8')) as LaunchRecord,
      output: run.output(),
    };
  } finally {
    run.kill();
  }
}

describe('npm start, first start through a mirror', () => {
  it(
    'downloads, verifies and unpacks Electron and its SQLite build, then launches Electron on the app with that build',
    { timeout: 300_000 },
    async () => {
      const { mirror, dir } = await sandboxes.open(await firstStartFiles(servedDir));
      const env = mirrorEnv(mirror, dir, CUSTOM_DIR);
      const nodeBuildBefore = fileDigest(nodeAddon);

      const first = await startUntilAppExits(env);
      expect(mirror.requests).toEqual([
        `/electron/${servedDir}/${names.electronZip}`,
        `/electron/${servedDir}/SHASUMS256.txt`,
        `/${cacheDriver}/v${versions.betterSqlite}/${names.prebuilt}`,
        `/${cacheDriver}/v${versions.betterSqlite}/SHASUMS256.txt`,
      ]);
      const desktop = join(dir, 'desktop');
      const electronDir = join(desktop, `electron-v${versions.electron}-${process.platform}-${process.arch}`);
      const binding = join(desktop, names.bindingDir, 'build/Release/better_sqlite3.node');
      // launched: the app folder as the only argument, the server's URL and the Electron build of the addon
      expect(first.record.argv).toEqual([root]);
      expect(first.record.cwd).toBe(root);
      expect(first.record.serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.record.health).toBe(200);
      expect(first.record.sqliteBinding).toBe(binding);
      expect(first.record.sqlite).toMatch(/^3\.\d+\.\d+$/);
      expect(first.record.runAsNode).toBeNull();
      expect(first.output).toContain('Opening the Tributary desktop app…');
      expect(existsSync(join(electronDir, 'electron'))).toBe(true);
      expect(readdirSync(desktop).sort()).toEqual(
        [names.bindingDir, `electron-v${versions.electron}-${process.platform}-${process.arch}`].sort(),
      );
      // the Node build the server and tests load is untouched
      expect(fileDigest(nodeAddon)).toBe(nodeBuildBefore);

      // the next start finds both installed: nothing is downloaded again
      const requestsAfterFirst = mirror.requests.length;
      const second = await startUntilAppExits(env);
      expect(mirror.requests).toHaveLength(requestsAfterFirst);
      expect(second.record.sqliteBinding).toBe(binding);
      expect(second.output).not.toContain('Downloading Electron');
    },
  );

  it(
    'refuses an Electron download whose checksum does not match, installs nothing, and opens the browser host',
    { timeout: 300_000 },
    async () => {
      const files = await firstStartFiles(servedDir);
      // the zip changed in transit (or on the mirror): its bytes no longer match SHASUMS256.txt
      const zipPath = `/electron/${servedDir}/${names.electronZip}`;
      const zip = Buffer.from(files.get(zipPath)!);
      const flipped = zip.length - 30;
      zip.writeUInt8(zip.readUInt8(flipped) ^ 0xff, flipped);
      files.set(zipPath, zip);
      const { mirror, dir } = await sandboxes.open(files);
      const run = runStartScript(mirrorEnv(mirror, dir, CUSTOM_DIR));
      try {
        await run.waitFor(/Tributary browser host: open http/);
        const refusal = run
          .output()
          .split('\n')
          .filter((l) => l.includes('checksum'));
        expect(refusal).toEqual([
          `Electron ${versions.electron}'s download does not match its SHA-256 checksum (the mirror's SHASUMS256.txt); nothing was installed; opening the browser host instead.`,
        ]);
        // neither an Electron folder nor a staging folder, nor the zip in the download cache
        const desktop = join(dir, 'desktop');
        expect(existsSync(desktop) ? readdirSync(desktop) : []).toEqual([]);
        const downloads = join(dir, 'electron-download-cache');
        expect(
          existsSync(downloads)
            ? readdirSync(downloads, { recursive: true }).filter((f) => String(f).endsWith('.zip'))
            : [],
        ).toEqual([]);
        // the SQLite build is not fetched for an Electron that is not there
        expect(mirror.requests.some((p) => p.startsWith(`/${cacheDriver}/`))).toBe(false);
        run.child.kill('SIGINT');
        expect(await run.exited).toBe(0);
      } finally {
        run.kill();
      }
    },
  );
});

describe('unreachable download hosts', () => {
  it('say so in one line naming the cause, for Electron and for its SQLite build', { timeout: 120_000 }, async () => {
    // a mirror that is gone: the port is closed again before anything asks it
    const { mirror, dir } = await sandboxes.open(new Map());
    const env = mirrorEnv(mirror, dir, CUSTOM_DIR);
    await mirror.close();
    const electron = await runPrepare(env);
    expect(electron.result).toEqual({
      reason: `Electron ${versions.electron} could not be downloaded (fetch failed: ECONNREFUSED)`,
    });
    // with Electron there, the SQLite build's host is the one that cannot be reached
    env.ELECTRON_OVERRIDE_DIST_PATH = writeStubElectron(join(dir, 'electron'));
    const sqlite = await runPrepare(env);
    expect(sqlite.result).toEqual({
      reason: `could not download ${env.npm_config_better_sqlite3_multiple_ciphers_binary_host}/v${versions.betterSqlite}/${names.prebuilt} (fetch failed: ECONNREFUSED)`,
    });
    expect(readdirSync(dir).includes('desktop') ? readdirSync(join(dir, 'desktop')) : []).toEqual([]);
  });
});

describe('Node version check at npm start', () => {
  it("names the required range and this Node's version when it is too old, and passes a new enough one", () => {
    expect(nodeTooOld('18.20.4', '>=20.19')).toBe(
      'Tributary needs Node.js >=20.19 (package.json engines); this is Node.js 18.20.4. Install a newer Node.js and run npm start again.',
    );
    expect(nodeTooOld('20.18.3', '>=20.19')).toMatch(/needs Node\.js >=20\.19/);
    expect(nodeTooOld('20.19.0', '>=20.19')).toBeNull();
    // this Node (the one the first-start test above runs on) satisfies package.json
    expect(nodeTooOld()).toBeNull();
  });
});

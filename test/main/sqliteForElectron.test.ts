// The Electron build of better-sqlite3 (scripts/desktop/sqliteForElectron.mjs, rebuildSqlite.mjs),
// obtained beside the Node build: a prebuilt is refused when its checksum differs or when it does not
// load in Electron; where none is published it is built with node-gyp in a copy of the sources, never
// in node_modules, and never against Node's own headers. Electron here is the stand-in, already
// installed (ELECTRON_OVERRIDE_DIST_PATH), so only the SQLite step runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileDigest,
  firstStartFiles,
  mirrorEnv,
  mirrorSandboxes,
  names,
  nodeAddon,
  prebuiltTarball,
  root,
  runPrepare,
  shasums,
  versions,
  writeStubElectron,
  type ArtifactMirror,
  cacheDriver,
} from '../helpers/desktopMirror';

const prebuiltPath = `/${cacheDriver}/v${versions.betterSqlite}/${names.prebuilt}`;
const sumsPath = `/${cacheDriver}/v${versions.betterSqlite}/SHASUMS256.txt`;

// Stands in for node-gyp: records how it was run, then "builds" by copying the Node build (the
// stand-in Electron is Node) — or fails when STUB_NODE_GYP_FAIL is set.
const STUB_NODE_GYP = `
const fs = require('node:fs');
fs.writeFileSync(process.env.STUB_NODE_GYP_RECORD, JSON.stringify({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  nodedir: process.env.npm_config_nodedir ?? process.env.NPM_CONFIG_NODEDIR ?? null,
  runtime: process.env.npm_config_runtime ?? null,
  sources: ['binding.gyp', 'src', 'deps', 'package.json'].every((p) => fs.existsSync(p)),
}));
if (process.env.STUB_NODE_GYP_FAIL) { console.error('gyp ERR! build error (stub)'); process.exit(1); }
fs.mkdirSync('build/Release', { recursive: true });
fs.copyFileSync(${JSON.stringify(nodeAddon)}, 'build/Release/better_sqlite3.node');
`;

const sandboxes = mirrorSandboxes();
// the current test's mirror and scratch folder
let mirror: ArtifactMirror;
let dir: string;

/** A mirror with `files`, a stand-in Electron already installed, and a stand-in node-gyp; returns the env. */
async function setUp(files: Map<string, Buffer>): Promise<NodeJS.ProcessEnv> {
  ({ mirror, dir } = await sandboxes.open(files));
  writeFileSync(join(dir, 'node-gyp.cjs'), STUB_NODE_GYP);
  return {
    ...mirrorEnv(mirror, dir, 'unused'),
    ELECTRON_OVERRIDE_DIST_PATH: writeStubElectron(join(dir, 'electron')),
    npm_config_node_gyp: join(dir, 'node-gyp.cjs'),
    STUB_NODE_GYP_RECORD: join(dir, 'node-gyp.json'),
    ELECTRON_REBUILD_DIST_URL: `${mirror.url}/headers`,
  };
}

/** The prebuilt files of the mirror only (Electron is installed already). */
async function prebuiltFiles(): Promise<Map<string, Buffer>> {
  const all = await firstStartFiles('unused');
  return new Map([...all].filter(([path]) => path.startsWith(`/${cacheDriver}/`)));
}

/** What the desktop cache holds besides the rebuild log: installed folders and any staging leftovers. */
function installed(): string[] {
  const desktop = join(dir, 'desktop');
  return existsSync(desktop) ? readdirSync(desktop).filter((f) => !f.endsWith('.rebuild.log')) : [];
}

const bindingFile = () => join(dir, 'desktop', names.bindingDir, 'build/Release/better_sqlite3.node');

describe('the Electron build of the cache driver (better-sqlite3-multiple-ciphers)', () => {
  it(
    'refuses a prebuilt whose checksum does not match: one line, nothing installed, no build attempted',
    { timeout: 120_000 },
    async () => {
      const files = await prebuiltFiles();
      files.set(sumsPath, shasums({ [names.prebuilt]: Buffer.from('some other file') }));
      const env = await setUp(files);
      const { result } = await runPrepare(env);
      expect(result).toEqual({
        reason: `${names.prebuilt} does not match its SHA-256 checksum in ${mirror.url}${sumsPath}; nothing was installed`,
      });
      expect(installed()).toEqual([]);
      expect(existsSync(env.STUB_NODE_GYP_RECORD!)).toBe(false);
    },
  );

  it(
    'refuses a prebuilt that does not load in Electron (here: not an addon at all), before installing it',
    { timeout: 120_000 },
    async () => {
      const tarball = prebuiltTarball(Buffer.from('not a shared object'));
      const env = await setUp(
        new Map([
          [prebuiltPath, tarball],
          [sumsPath, shasums({ [names.prebuilt]: tarball })],
        ]),
      );
      const { result } = await runPrepare(env);
      expect(result.reason).toMatch(
        /^the SQLite module built for Electron does not load in Electron \(.*(invalid ELF header|too short)/,
      );
      expect(result.reason).not.toContain('\n');
      expect(installed()).toEqual([]);
    },
  );

  it(
    'installs a prebuilt from a host without SHASUMS256.txt (as GitHub releases) once it loads in Electron; clears abandoned staging',
    { timeout: 120_000 },
    async () => {
      const files = await prebuiltFiles();
      files.delete(sumsPath);
      const env = await setUp(files);
      // a staging folder of a start killed mid-download, and one of a start still running (this one)
      const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
      const abandoned = `${names.bindingDir}.partial-${deadPid}-x1`;
      const running = `${names.bindingDir}.partial-${process.pid}-x2`;
      for (const partial of [abandoned, running])
        mkdirSync(join(dir, 'desktop', partial, 'build'), { recursive: true });
      const { result } = await runPrepare(env);
      expect(result.sqliteBinding).toBe(bindingFile());
      expect(fileDigest(bindingFile())).toBe(fileDigest(nodeAddon));
      expect(mirror.requests).toEqual([prebuiltPath, sumsPath]);
      expect(installed().sort()).toEqual([names.bindingDir, running].sort());
    },
  );

  it(
    'where no prebuilt is published, builds one with node-gyp against Electron headers in a copy of the sources',
    { timeout: 180_000 },
    async () => {
      const env = await setUp(new Map());
      // npm's nodedir setting (as on our machines and in CI) must not reach the Electron build
      env.npm_config_nodedir = '/usr';
      const nodeBuildBefore = fileDigest(nodeAddon);
      const { result, log } = await runPrepare(env);
      expect(result.sqliteBinding).toBe(bindingFile());
      expect(log.some((l) => l.startsWith(`No prebuilt ${cacheDriver}`) && l.includes("Electron's headers"))).toBe(
        true,
      );
      const gyp = JSON.parse(readFileSync(env.STUB_NODE_GYP_RECORD!, 'utf8')) as {
        argv: string[];
        cwd: string;
        nodedir: string | null;
        runtime: string | null;
        sources: boolean;
      };
      expect(gyp.argv).toEqual(
        expect.arrayContaining([
          'rebuild',
          '--release',
          `--target=${versions.electron}`,
          `--arch=${process.arch}`,
          `--dist-url=${mirror.url}/headers`,
        ]),
      );
      expect(gyp.cwd.startsWith(join(dir, 'desktop'))).toBe(true);
      expect(gyp.cwd.startsWith(join(root, 'node_modules'))).toBe(false);
      expect(gyp.sources).toBe(true);
      expect(gyp.nodedir).toBeNull();
      expect(gyp.runtime).toBe('electron');
      // only the addon is kept; the Node build in node_modules is untouched
      expect(installed()).toEqual([names.bindingDir]);
      expect(
        readdirSync(join(dir, 'desktop', names.bindingDir), { recursive: true })
          .map(String)
          .sort(),
      ).toEqual(['build', join('build', 'Release'), join('build', 'Release', 'better_sqlite3.node')]);
      expect(fileDigest(nodeAddon)).toBe(nodeBuildBefore);
    },
  );

  it('says in one line where the log is when the build fails, and installs nothing', { timeout: 180_000 }, async () => {
    const env = await setUp(new Map());
    env.STUB_NODE_GYP_FAIL = '1';
    const { result } = await runPrepare(env);
    const log = join(dir, 'desktop', `${names.bindingDir}.rebuild.log`);
    expect(result).toEqual({
      reason: `${cacheDriver} could not be built for Electron ${versions.electron} (node-gyp exit 1; it needs python3, make and a C++ compiler; log: ${log})`,
    });
    expect(readFileSync(log, 'utf8')).toContain('gyp ERR! build error (stub)');
    expect(installed()).toEqual([]);
  });
});

describe('which driver the first start prepares', () => {
  it('is the package the client cache loads (scripts cannot import the core, so both name it)', async () => {
    const { CACHE_SQLITE_PACKAGE } = await import('../../main/core/cache/database');
    // @ts-expect-error -- a plain .mjs module without type declarations
    const scripts = (await import('../../scripts/desktop/cacheDriver.mjs')) as { CACHE_SQLITE_PACKAGE: string };
    expect(scripts.CACHE_SQLITE_PACKAGE).toBe(CACHE_SQLITE_PACKAGE);
    expect(cacheDriver).toBe(CACHE_SQLITE_PACKAGE);
  });
});

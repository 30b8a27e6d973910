// Packaging end to end, offline: electron-builder packs the freshly built bundles (this stage runs
// after `npm run build`) into linux-unpacked with a stand-in Electron binary that carries the fuse
// sentinel, so the real fuse flipping and asar layout are checked without downloading Electron.
// No browser is involved; it lives here because it needs dist/ built and nothing writing to it.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse order of wire v1, as Electron 45 defines it. */
const FUSES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers', // index 8: newer than the installed @electron/fuses, left as Electron ships it
];

function readFuses(binary: string): Record<string, boolean> {
  const data = readFileSync(binary);
  const at = data.indexOf(SENTINEL) + SENTINEL.length;
  const length = data[at + 1]!;
  return Object.fromEntries(FUSES.slice(0, length).map((name, i) => [name, data[at + 2 + i] === 0x31]));
}

test('electron-builder packs the bundles with the fuses flipped and the native addon unpacked', async () => {
  test.setTimeout(120_000);
  const work = mkdtempSync(join(tmpdir(), 'tributary-pack-'));
  try {
    // A stand-in "electron" with a stock fuse wire: run-as-node, NODE_OPTIONS, inspect, file privileges on.
    const electronDist = join(work, 'electron');
    mkdirSync(electronDist);
    const wire = Buffer.from([1, FUSES.length, 0x31, 0x30, 0x31, 0x31, 0x30, 0x30, 0x30, 0x31, 0x31]);
    writeFileSync(
      join(electronDist, 'electron'),
      Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from(SENTINEL), wire]),
    );
    chmodSync(join(electronDist, 'electron'), 0o755);
    writeFileSync(join(electronDist, 'version'), '45.5.0');
    const out = join(work, 'out');

    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/electron-builder/cli.js'),
        '--linux',
        '--dir',
        '-c.npmRebuild=false',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${out}`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 100_000 },
    );
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const app = join(out, 'linux-unpacked');

    expect(readFuses(join(app, 'tributary'))).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
      WasmTrapHandlers: true,
    });

    const asar = join(app, 'resources', 'app.asar');
    const files = listPackage(asar, { isPack: false });
    for (const required of [
      '/package.json',
      '/dist/main/electron.cjs',
      '/dist/main/preload.cjs',
      '/dist/renderer/index.html',
    ]) {
      expect(files).toContain(required);
    }
    // Only bundles: no sources, tests, maps or dev tooling inside.
    expect(files.filter((f) => /^\/(main|renderer|server|shared|test|scripts)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.some((f) => f.startsWith('/node_modules/electron/'))).toBe(false);
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string };
    expect(pkg.main).toBe('dist/main/electron.cjs');
    // The main bundle loads the preload and the renderer from where the package puts them.
    const mainBundle = extractFile(asar, 'dist/main/electron.cjs').toString();
    expect(mainBundle).toContain('preload.cjs');
    expect(mainBundle).toContain('app://tributary');

    // The native addon sits outside the archive (it cannot be loaded from inside one), without its sources.
    const unpacked = join(app, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
    expect(existsSync(join(unpacked, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(unpacked, 'deps'))).toBe(false);
    expect(existsSync(join(unpacked, 'build', 'Release', 'test_extension.node'))).toBe(false);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

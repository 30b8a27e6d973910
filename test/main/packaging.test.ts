// The packaging config, loaded and schema-checked by electron-builder's own code (offline): the
// hardening fuses, the native addon outside the asar, the Node builds of the SQLite drivers kept across
// electron-builder's rebuild for Electron, the installers per platform, the deep-link scheme, and an
// icon big enough for every target.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { resolveFunction } from 'app-builder-lib/out/util/resolve';
import { DebugLogger } from 'builder-util';
import { CACHE_SQLITE_PACKAGE } from '../../main/core/cache/database';

const root = resolve(import.meta.dirname, '..', '..');
const config = await getConfig(root, null, null);

function targets(platform: 'linux' | 'mac' | 'win'): string[] {
  const target = config[platform]?.target;
  const list = Array.isArray(target) ? target : [target];
  return list.map((t) => (typeof t === 'string' ? t : (t?.target ?? '')));
}

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation (an unknown key would fail)', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, notAnOption: true } as never, new DebugLogger(false)),
    ).rejects.toThrow();
  });

  it('names the app and its deep-link scheme', () => {
    expect(config.appId).toBe('app.tributary.desktop');
    expect(config.productName).toBe('Tributary');
    const protocols = Array.isArray(config.protocols) ? config.protocols : [config.protocols];
    expect(protocols.flatMap((p) => p?.schemes ?? [])).toContain('tributary');
  });

  it('flips the hardening fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the bundles into an asar with native addons unpacked, and no sources or maps', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    // electron-builder normalizes `files` into file sets; their filters are what we wrote.
    const files = (config.files as Array<string | { filter?: string | string[] }>).flatMap((f) =>
      typeof f === 'string' ? [f] : ([] as string[]).concat(f.filter ?? []),
    );
    expect(files).toEqual(expect.arrayContaining(['dist/main/**', 'dist/renderer/**', 'package.json', '!**/*.map']));
    expect(files.some((f) => /^(main|renderer|server|shared|test)\//.test(f))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/electron.cjs');
  });

  it("keeps the Node builds of both SQLite drivers across electron-builder's in-place rebuild for Electron", async () => {
    // electron-builder finds the hook as it will at `npm run dist`
    const hook = await resolveFunction('module', config.beforeBuild, 'beforeBuild', root);
    expect(typeof hook).toBe('function');
    const { keepNodeBuild, SQLITE_PACKAGES } = (await import(
      pathToFileURL(join(root, 'build/keepNodeSqlite.mjs')).href
    )) as {
      keepNodeBuild: (projectDir: string) => () => void;
      SQLITE_PACKAGES: string[];
    };
    // the server's driver and the one the client cache loads
    expect(SQLITE_PACKAGES).toEqual(['better-sqlite3', CACHE_SQLITE_PACKAGE]);
    const project = mkdtempSync(join(tmpdir(), 'tributary-keep-node-build-'));
    try {
      const addons = SQLITE_PACKAGES.map((pkg) =>
        join(project, `node_modules/${pkg}/build/Release/better_sqlite3.node`),
      );
      for (const addon of addons) {
        mkdirSync(dirname(addon), { recursive: true });
        writeFileSync(addon, `the Node build of ${addon}`);
      }
      const restore = keepNodeBuild(project);
      // the rebuild replaces the build folders with Electron's
      for (const pkg of SQLITE_PACKAGES) rmSync(join(project, `node_modules/${pkg}/build`), { recursive: true });
      for (const addon of addons) {
        mkdirSync(dirname(addon), { recursive: true });
        writeFileSync(addon, 'the Electron build');
      }
      restore();
      expect(addons.map((a) => readFileSync(a, 'utf8'))).toEqual(addons.map((a) => `the Node build of ${a}`));
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('builds AppImage + deb, dmg and nsis', () => {
    expect(targets('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targets('mac')).toContain('dmg');
    expect(targets('win')).toContain('nsis');
  });

  it('has a square PNG icon of at least 512 px', () => {
    const png = readFileSync(join(root, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(512);
  });
});

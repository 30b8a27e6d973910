// The client core loads better-sqlite3's addon from `nativeBinding` when a host gives one (the
// Electron host passes its Electron build): every cache connection, including the integrity check's
// worker thread, uses it. An addon that cannot load is an error of its own, never a "damaged cache"
// that gets set aside.
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFile } from '../../main/core/account';
import { closeCache, openCache, SqliteAddonError } from '../../main/core/cache/database';
import { checkInBackground } from '../../main/core/cache/integrity';
import { openOrRecoverCache } from '../../main/core/cache/recovery';
import { DEMO_PASSWORD } from '../../shared/index';
import { damageLastLeafPage, growClosedCache } from '../helpers/cacheDamage';
import { openCore, signedInCore, tempDataDir } from '../helpers/core';
import { nodeAddon } from '../helpers/desktopMirror';
import { startTestServer, type TestServer } from '../helpers/server';

// Node's module cache: a native addon loaded through require() is listed under its file name
const loadedModules = createRequire(import.meta.url).cache;

/** A copy of the Node build under a new name: loading it shows up in the module cache under that name. */
function addonCopy(): string {
  const file = join(tempDataDir('tributary-addon-'), 'better_sqlite3.node');
  copyFileSync(nodeAddon, file);
  return file;
}

/** A file that no runtime can load as an addon. */
function brokenAddon(): string {
  const file = join(tempDataDir('tributary-addon-'), 'broken.node');
  writeFileSync(file, 'not a shared object');
  return file;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('nativeBinding', () => {
  it('opens the signed-in account cache through the addon the host names', { timeout: 30_000 }, async () => {
    const addon = addonCopy();
    expect(loadedModules[addon]).toBeUndefined();
    const t = await signedInCore(server.url, 'alice@acme.test', tempDataDir(), { nativeBinding: addon });
    try {
      expect(loadedModules[addon]).toBeDefined();
      expect((await t.call('stream:list', {})).streams.length).toBeGreaterThan(0);
    } finally {
      await t.core.close();
    }
  });

  it(
    'sign-in with an addon that cannot load fails with a message naming it, and keeps the core usable',
    { timeout: 30_000 },
    async () => {
      const addon = brokenAddon();
      const t = openCore(tempDataDir(), { nativeBinding: addon });
      try {
        const res = await t.core.invoke('session:login', {
          serverUrl: server.url,
          email: 'alice@acme.test',
          password: DEMO_PASSWORD,
        });
        expect(res.ok).toBe(false);
        if (!res.ok) expect(res.error.message).toContain(`SQLite's native module could not be loaded (${addon})`);
        expect((await t.call('session:get', {})).signedIn).toBe(false);
      } finally {
        await t.core.close();
      }
    },
  );

  it('an addon that cannot load leaves an existing cache where it is (not set aside as damaged)', () => {
    const file = cacheFile(tempDataDir(), 'user-1');
    closeCache(openCache(file));
    const addon = brokenAddon();
    expect(() => openOrRecoverCache(file, { nativeBinding: addon })).toThrow(SqliteAddonError);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dirname(file)).filter((f) => f.includes('.corrupt-'))).toEqual([]);
  });

  it('the integrity worker loads the addon it is given', { timeout: 60_000 }, async () => {
    const file = join(tempDataDir(), 'cache.sqlite');
    growClosedCache(file);
    damageLastLeafPage(file);
    // through a working copy the worker finds the damage …
    const found = await checkInBackground(file, { nativeBinding: addonCopy() }).result;
    expect(found.ok).toBe(false);
    // … through a broken addon it cannot check at all, and says so instead of calling the cache sound
    const addon = brokenAddon();
    const skipped = await checkInBackground(file, { nativeBinding: addon }).result;
    expect(skipped).toEqual({ ok: true, skipped: expect.stringContaining(addon) });
  });
});

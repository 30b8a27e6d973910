// Boots the real main-process entry (main/electron/main.ts) against the mocked `electron` module, a
// real client core and a real server: what is set up before and after `ready`, IPC from the window
// reaching the core, pushes and deep links reaching the window, hide-on-close, and a clean quit; the
// cache opened through the Electron build of better-sqlite3 that `npm start` names; the log file.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, ipcChannels } from '../../shared/index';
import { SQLITE_BINDING_ENV, sqliteBindingFor } from '../../main/electron/sqliteBinding';
import { nodeAddon } from '../helpers/desktopMirror';
import { startTestServer, type TestServer } from '../helpers/server';
import {
  FakeBrowserWindow,
  FakeTray,
  FakeWebContents,
  fakeDefaultSession,
  fakeElectron,
  fakeEvent,
  fakeIpcMain,
} from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).fakeElectron);

const STREAM = '0192f000-0000-7000-8000-000000000001';
let server: TestServer;
let userData: string;
// stands in for the Electron build: a copy of the Node build under its own name, so loading it shows
// in Node's module cache
let sqliteAddon: string;

beforeAll(async () => {
  server = await startTestServer();
  userData = mkdtempSync(join(tmpdir(), 'tributary-electron-main-'));
  fakeElectron.app.userData = userData;
  sqliteAddon = join(userData, 'electron-build.node');
  copyFileSync(nodeAddon, sqliteAddon);
  process.env.TRIBUTARY_SERVER_URL = server.url;
  process.env[SQLITE_BINDING_ENV] = sqliteAddon;
  await import('../../main/electron/main');
});

afterAll(async () => {
  delete process.env.TRIBUTARY_SERVER_URL;
  delete process.env[SQLITE_BINDING_ENV];
  await server?.close();
  rmSync(userData, { recursive: true, force: true });
});

describe('Electron main entry', () => {
  it('before ready: privileged app:// scheme, global sandbox, hardening hook, deep-link scheme', () => {
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(fakeElectron.app.sandboxEnabled).toBe(true);
    expect(fakeElectron.app.listenerCount('web-contents-created')).toBe(1);
    expect(fakeElectron.app.protocolClients[0]?.[0]).toBe('tributary');
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('after ready: session policy, app:// handler, IPC per channel, menu, tray, and the window on app://', async () => {
    fakeElectron.app.emitReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1));
    const win = FakeBrowserWindow.created[0]!;
    expect(win.loadedUrl).toBe('app://tributary/index.html');
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(fakeDefaultSession.permissionRequest).not.toBeNull();
    expect(fakeDefaultSession.headersReceived).not.toBeNull();
    expect(fakeDefaultSession.protocolHandlers.has('app')).toBe(true);
    expect([...fakeIpcMain.handlers.keys()].sort()).toEqual([...ipcChannels].sort());
    expect(fakeElectron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    expect(FakeTray.created).toHaveLength(1);
  });

  it('answers the window through the real core, keeps the token encrypted, and forwards pushes', async () => {
    const win = FakeBrowserWindow.created[0]!;
    const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    const state = (await fakeIpcMain.handlers.get('session:get')!(event, {})) as {
      ok: boolean;
      value: { defaults: { serverUrl: string } };
    };
    expect(state.value.defaults.serverUrl).toBe(server.url);
    const login = (await fakeIpcMain.handlers.get('session:login')!(event, {
      serverUrl: server.url,
      email: 'alice@acme.test',
      password: DEMO_PASSWORD,
    })) as { ok: boolean };
    expect(login.ok).toBe(true);
    // the account cache was opened through the build npm start named, not the package's default
    expect(createRequire(import.meta.url).cache[sqliteAddon]).toBeDefined();
    await vi.waitFor(
      () =>
        expect(
          win.webContents.sent.some(([name, p]) => name === 'sync:status' && (p as { state: string }).state === 'live'),
        ).toBe(true),
      {
        timeout: 10_000,
      },
    );
    // the token and the cache key, each encrypted by the keychain (safeStorage) in its own file
    const secrets = readdirSync(join(userData, 'secrets')).sort();
    expect(secrets.map((f) => f.replace(/-[0-9a-f-]{36}/, '-<id>'))).toEqual(['cachekey-<id>.bin', 'token-<id>.bin']);
    for (const file of secrets) expect(readFileSync(join(userData, 'secrets', file)).toString()).toMatch(/^sealed:/);
    // The demo seed mentions @alice in Design: the tray shows it.
    await vi.waitFor(() => expect(fakeElectron.app.badge).toBeGreaterThan(0), { timeout: 10_000 });
  });

  it('logs to main.log in the logs folder, which app:about names (with its notifications); refusals are facts, the password never appears', async () => {
    const win = FakeBrowserWindow.created[0]!;
    const ours = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    const about = (await fakeIpcMain.handlers.get('app:about')!(ours, {})) as {
      ok: boolean;
      value: { logsFolder: string | null; appVersion: string; desktopNotifications: string };
    };
    const logsFolder = join(userData, 'logs');
    // notifications are the shell's own (the page's permission is denied by policy and says nothing)
    expect(about.value).toMatchObject({ logsFolder, appVersion: '0.0.0-test', desktopNotifications: 'granted' });
    const foreign = new FakeWebContents('https://evil.example/');
    await fakeIpcMain.handlers.get('stream:list')!({ sender: foreign, senderFrame: foreign.mainFrame }, {});
    const text = readFileSync(join(logsFolder, 'main.log'), 'utf8');
    expect(text).toMatch(/\[warn\]\s+IPC request refused .*stream:list.*FORBIDDEN/);
    expect(text).not.toContain(DEMO_PASSWORD);
  });

  it('hides instead of closing, and brings the window back for a tributary:// link', () => {
    const win = FakeBrowserWindow.created[0]!;
    win.show();
    const close = fakeEvent();
    win.emit('close', close);
    expect(close.defaultPrevented()).toBe(true);
    expect(win.visible).toBe(false);
    fakeElectron.app.emit('second-instance', {}, ['/opt/Tributary/tributary', `tributary://stream/${STREAM}`]);
    expect(win.visible).toBe(true);
    expect(win.webContents.sent).toContainEqual(['ui:command', { kind: 'openStream', streamId: STREAM }]);
  });

  it('closes the core before quitting', async () => {
    const quit = fakeEvent();
    fakeElectron.app.emit('before-quit');
    fakeElectron.app.emit('will-quit', quit);
    expect(quit.defaultPrevented()).toBe(true);
    await vi.waitFor(() => expect(fakeElectron.app.quitCalls).toBe(1));
    // After quitting, a closing window is let go.
    const close = fakeEvent();
    FakeBrowserWindow.created[0]!.emit('close', close);
    expect(close.defaultPrevented()).toBe(false);
  });
});

describe('which better-sqlite3 addon the Electron host loads', () => {
  it('the one npm start names when unpackaged; a packaged app ignores the variable and keeps its own build', () => {
    const env = { [SQLITE_BINDING_ENV]: '/cache/better-sqlite3-electron/build/Release/better_sqlite3.node' };
    expect(sqliteBindingFor(env, false)).toBe(env[SQLITE_BINDING_ENV]);
    expect(sqliteBindingFor(env, true)).toBeUndefined();
    expect(sqliteBindingFor({}, false)).toBeUndefined();
    expect(sqliteBindingFor({ [SQLITE_BINDING_ENV]: '' }, false)).toBeUndefined();
  });
});

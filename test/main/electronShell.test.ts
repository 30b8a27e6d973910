// The rest of the Electron shell with `electron` mocked: tributary:// links, the menu, notifications,
// tray and badge, the safeStorage token store, remembered window state, the app:// protocol and icons.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { App, MenuItemConstructorOptions } from 'electron';
import type { IpcPush, UiCommand } from '../../shared/index';
import { FakeNotification, FakeTray, fakeElectron, fakeSafeStorage } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).fakeElectron);

const { findDeepLink, parseDeepLink, registerDeepLinks } = await import('../../main/electron/deepLinks');
const { buildMenuTemplate } = await import('../../main/electron/menu');
const { notificationTarget, notificationTitle, showNotification } = await import('../../main/electron/notifications');
const { createTray, mentionTooltip } = await import('../../main/electron/tray');
const { createSafeSecretStore } = await import('../../main/electron/secretStore');
const { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } = await import('../../main/electron/windowState');
const { serveAppRequest } = await import('../../main/electron/appProtocol');
const { drawAppIcon } = await import('../../main/electron/iconBitmap');

const STREAM = '0192f000-0000-7000-8000-000000000001';
const MESSAGE = '0192f000-0000-7000-8000-000000000002';
const tmp = () => mkdtempSync(join(tmpdir(), 'tributary-shell-'));

describe('tributary:// deep links', () => {
  it('opens streams and messages by id', () => {
    expect(parseDeepLink(`tributary://stream/${STREAM}`)).toEqual({ kind: 'openStream', streamId: STREAM });
    expect(parseDeepLink(`tributary://message/${MESSAGE}`)).toEqual({
      kind: 'openMessage',
      messageId: MESSAGE,
      streamId: null,
    });
    expect(parseDeepLink(`tributary://message/${MESSAGE}?stream=${STREAM}`)).toEqual({
      kind: 'openMessage',
      messageId: MESSAGE,
      streamId: STREAM,
    });
  });

  it('ignores anything malformed, foreign or oversized', () => {
    for (const raw of [
      'tributary://stream/not-an-id',
      `tributary://stream/${STREAM}/../../etc`,
      `tributary://logout/${STREAM}`,
      `tributary://message/${MESSAGE}?stream=javascript:alert(1)`,
      `https://stream/${STREAM}`,
      `tributary://stream/${STREAM}${'x'.repeat(600)}`,
      'tributary:',
      '',
    ]) {
      expect(parseDeepLink(raw)).toBeNull();
    }
  });

  it('finds the link among command-line arguments (Windows/Linux second instance)', () => {
    expect(findDeepLink(['/opt/Tributary/tributary', '--flag', `tributary://stream/${STREAM}`])).toBe(
      `tributary://stream/${STREAM}`,
    );
    expect(findDeepLink(['/opt/Tributary/tributary', '--inspect'])).toBeNull();
  });

  it('registers the scheme and routes macOS open-url events', () => {
    const commands: UiCommand[] = [];
    registerDeepLinks(fakeElectron.app as unknown as App, (c) => commands.push(c));
    expect(fakeElectron.app.protocolClients.at(-1)?.[0]).toBe('tributary');
    const event = { preventDefault: vi.fn() };
    fakeElectron.app.emit('open-url', event, `tributary://stream/${STREAM}`);
    fakeElectron.app.emit('open-url', { preventDefault: vi.fn() }, 'tributary://stream/bad');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(commands).toEqual([{ kind: 'openStream', streamId: STREAM }]);
  });
});

describe('native menu', () => {
  function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
    return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
  }

  it('has the platform roles and the app shortcuts, which reach the renderer as commands', () => {
    const commands: UiCommand[] = [];
    const items = flatten(buildMenuTemplate('linux', true, { command: (c) => commands.push(c) }));
    const roles = items.map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(
      expect.arrayContaining(['editMenu', 'windowMenu', 'quit', 'reload', 'zoomIn', 'togglefullscreen']),
    );
    expect(roles).not.toContain('toggleDevTools');
    const switcher = items.find((i) => i.accelerator === 'CmdOrCtrl+K')!;
    const search = items.find((i) => i.accelerator === 'CmdOrCtrl+F')!;
    (switcher.click as () => void)();
    (search.click as () => void)();
    expect(commands).toEqual([{ kind: 'openSwitcher' }, { kind: 'openSearch' }]);
  });

  it('uses the app menu on macOS and keeps devtools in development builds', () => {
    const items = flatten(buildMenuTemplate('darwin', false, { command: () => undefined }));
    expect(items[0]!.role).toBe('appMenu');
    expect(items.map((i) => i.role)).toContain('toggleDevTools');
  });
});

describe('notifications, tray and badge', () => {
  const mention: IpcPush<'notification'> = {
    accountId: '0192f000-0000-7000-8000-000000000001',
    kind: 'mention',
    streamId: STREAM,
    messageId: MESSAGE,
    promotionId: null,
    actorId: '0192f000-0000-7000-8000-000000000003',
    actorName: 'Bob Baker',
    text: '@alice could you approve the icons?',
    at: 1,
  };

  beforeEach(() => {
    FakeNotification.shown = [];
  });

  it('titles a mention and opens its message on click', () => {
    expect(notificationTitle(mention)).toBe('Bob Baker mentioned you');
    expect(notificationTarget(mention)).toEqual({ kind: 'openMessage', messageId: MESSAGE, streamId: STREAM });
    expect(notificationTarget({ ...mention, messageId: null })).toEqual({ kind: 'openStream', streamId: STREAM });
    const clicks: UiCommand[] = [];
    expect(showNotification(mention, { windowFocused: false, onClick: (c) => clicks.push(c) })).toBe(true);
    const shown = FakeNotification.shown[0]!;
    expect(shown.options.body).toBe(mention.text);
    shown.emit('click');
    expect(clicks).toEqual([{ kind: 'openMessage', messageId: MESSAGE, streamId: STREAM }]);
  });

  it('stays quiet while the window has focus or notifications are unsupported', () => {
    expect(showNotification(mention, { windowFocused: true, onClick: () => undefined })).toBe(false);
    FakeNotification.supported = false;
    expect(showNotification(mention, { windowFocused: false, onClick: () => undefined })).toBe(false);
    FakeNotification.supported = true;
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('shows unread mentions on the tray and the app badge', () => {
    const show = vi.fn();
    const tray = createTray(fakeElectron.app as unknown as App, { show, quit: vi.fn() });
    const fake = FakeTray.created.at(-1)!;
    expect(fake.tooltip).toBe('Tributary');
    tray.setMentionCount(3);
    expect(fakeElectron.app.badge).toBe(3);
    expect(fake.tooltip).toBe('Tributary — 3 unread mentions');
    tray.setMentionCount(0);
    expect(fakeElectron.app.badge).toBe(0);
    fake.emit('click');
    expect(show).toHaveBeenCalled();
    expect(mentionTooltip(1)).toBe('Tributary — 1 unread mention');
  });

  it('draws the tray icon as an opaque disc on a transparent square', () => {
    const size = 32;
    const icon = drawAppIcon(size);
    expect(icon.length).toBe(size * size * 4);
    expect(icon[3]).toBe(0); // top-left corner: transparent
    const centre = ((size / 2) * size + 4) * 4;
    expect(icon[centre + 3]).toBe(255);
    const dotted = drawAppIcon(size, { dot: true });
    const dot = (Math.floor(size * 0.2) * size + Math.floor(size * 0.8)) * 4;
    expect(dotted[dot + 2]).toBeGreaterThan(200); // red channel of the unread dot (BGRA)
  });
});

describe('secret store (safeStorage)', () => {
  const session = { userId: '0192f000-0000-7000-8000-000000000009' };

  beforeEach(() => {
    fakeSafeStorage.available = true;
    fakeSafeStorage.backend = 'gnome_libsecret';
  });

  const token = 'tok_secret_value_1234567890';
  const name = `token-${session.userId}`;

  it('round-trips a secret encrypted by the keychain, never as plain text', async () => {
    const dir = tmp();
    const store = createSafeSecretStore(dir, 'linux');
    expect(store.protection).toBe('os');
    await store.set(name, token);
    const file = join(dir, `${name}.bin`);
    expect(readFileSync(file).toString()).not.toContain(token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.get(name)).toBe(token);
    await store.delete(name);
    expect(existsSync(file)).toBe(false);
    expect(await store.get(name)).toBeNull();
  });

  it('says so where no real keychain exists (Linux basic_text, or no encryption): plain 0600 files', async () => {
    const dir = tmp();
    fakeSafeStorage.backend = 'basic_text';
    const plain = createSafeSecretStore(dir, 'linux');
    expect(plain.protection).toBe('file');
    await plain.set(name, token);
    expect(readFileSync(join(dir, name), 'utf8')).toBe(token);
    expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    fakeSafeStorage.backend = 'gnome_libsecret';
    fakeSafeStorage.available = false;
    expect(createSafeSecretStore(tmp(), 'win32').protection).toBe('file');
  });

  it('a secret written in plain text is not read back as if the keychain had encrypted it, nor the reverse', async () => {
    const dir = tmp();
    fakeSafeStorage.backend = 'basic_text';
    await createSafeSecretStore(dir, 'linux').set(name, token);
    fakeSafeStorage.backend = 'gnome_libsecret';
    expect(await createSafeSecretStore(dir, 'linux').get(name)).toBeNull();
  });

  it('treats a damaged or foreign file as no secret', async () => {
    const dir = tmp();
    writeFileSync(join(dir, `${name}.bin`), 'plain text someone planted');
    expect(await createSafeSecretStore(dir, 'linux').get(name)).toBeNull();
  });

  it('refuses secret names that could leave its folder', async () => {
    const store = createSafeSecretStore(tmp(), 'linux');
    await expect(store.set('../escape', token)).rejects.toThrow(/invalid secret name/);
  });
});

describe('window state', () => {
  const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('remembers size, position and maximized state', () => {
    const file = join(tmp(), 'window.json');
    saveWindowState(file, { x: 100, y: 50, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(file, screens)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true });
  });

  it('falls back to defaults for missing or damaged files and drops off-screen positions', () => {
    const dir = tmp();
    expect(loadWindowState(join(dir, 'missing.json'), screens)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(join(dir, 'bad.json'), '{"width": "huge"');
    expect(loadWindowState(join(dir, 'bad.json'), screens)).toEqual(DEFAULT_WINDOW_STATE);
    saveWindowState(join(dir, 'off.json'), { x: 5000, y: 5000, width: 900, height: 600, maximized: false });
    expect(loadWindowState(join(dir, 'off.json'), screens)).toEqual({ width: 900, height: 600, maximized: false });
  });
});

describe('app:// protocol', () => {
  const dir = tmp();
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Tributary</title>');
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'export {};');
  writeFileSync(join(dir, 'secret.txt'), 'not part of the bundle');
  const rendererDir = join(dir, 'renderer');

  it('serves the bundle with the CSP and nosniff', async () => {
    const res = await serveAppRequest(rendererDir, 'app://tributary/index.html', "default-src 'none'");
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Tributary</title>');
    const js = await serveAppRequest(rendererDir, 'app://tributary/assets/app.js', 'x');
    expect(js.headers.get('content-type')).toContain('text/javascript');
  });

  it('never serves outside the bundle or for another host', async () => {
    expect((await serveAppRequest(rendererDir, 'app://tributary/../secret.txt', 'x')).status).toBe(404);
    expect((await serveAppRequest(rendererDir, 'app://tributary/%2e%2e/secret.txt', 'x')).status).toBe(404);
    expect((await serveAppRequest(rendererDir, 'app://tributary/..%2fsecret.txt', 'x')).status).toBe(404);
    expect((await serveAppRequest(rendererDir, 'app://evil/index.html', 'x')).status).toBe(404);
  });
});

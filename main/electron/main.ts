// The Electron main process: wires the client core to one hardened window, the tray, the menu,
// notifications and tributary:// links. Everything here type-checks against Electron's types; the
// binary itself cannot run on the build machines (see docs/desktop.md).
import { app, type BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '../../shared/domain/demo';
import type { UiCommand } from '../../shared/ipc/contract';
import { DEFAULT_SERVER_PORT } from '../../shared/protocol/limits';
import { buildContentSecurityPolicy } from '../host/csp';
import { createClientCore, type ClientCore } from '../core/index';
import { APP_INDEX_URL, handleAppProtocol, registerAppScheme } from './appProtocol';
import { findDeepLink, parseDeepLink, registerDeepLinks } from './deepLinks';
import { forwardPushesToWindow, registerIpcHandlers } from './ipc';
import { logMainProcessErrors, setUpDesktopLog } from './log';
import { buildMenuTemplate } from './menu';
import { desktopNotificationState, showNotification } from './notifications';
import { applySessionPolicy, hardenAllWebContents, safeOpenExternal } from './security';
import { sqliteBindingFor } from './sqliteBinding';
import { createSafeSecretStore } from './secretStore';
import { createTray, type TrayControls } from './tray';
import { createMainWindow } from './window';

// The bundle sits in dist/main/; the renderer bundle next to it in dist/renderer/.
const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, 'preload.cjs');

let window: BrowserWindow | null = null;
let core: ClientCore | null = null;
let tray: TrayControls | null = null;
let quitting = false;
let pendingCommand: UiCommand | null = null;

function showWindow(): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** Sends a UI command to the renderer now, or once the page has loaded. */
function sendCommand(command: UiCommand): void {
  showWindow();
  if (window && !window.isDestroyed() && !window.webContents.isLoading())
    window.webContents.send('ui:command', command);
  else pendingCommand = command;
}

let badgeTimer: NodeJS.Timeout | null = null;
function refreshBadgeSoon(): void {
  if (badgeTimer) return;
  badgeTimer = setTimeout(() => {
    badgeTimer = null;
    void core?.invoke('stream:list', {}).then((result) => {
      // Signed out (or no cache yet): nothing is unread.
      const streams = result.ok ? result.value.streams : [];
      tray?.setMentionCount(streams.reduce((sum, s) => sum + s.mentions, 0));
    });
  }, 250);
}

function openLink(url: string): void {
  void core?.invoke('link:open', { url });
}

async function onReady(): Promise<void> {
  const csp = buildContentSecurityPolicy();
  applySessionPolicy(session.defaultSession, csp);
  handleAppProtocol(session.defaultSession, rendererDir, csp);

  const userData = app.getPath('userData');
  const clientCore = createClientCore({
    logger,
    about: {
      appVersion: app.getVersion(),
      versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
      logsFolder: logger.folder,
      desktopNotifications: desktopNotificationState(),
    },
    dataDir: join(userData, 'client'),
    defaults: {
      serverUrl: process.env.TRIBUTARY_SERVER_URL ?? `http://127.0.0.1:${DEFAULT_SERVER_PORT}`,
      demoAccounts: [...DEMO_ACCOUNTS],
    },
    // the keychain where there is one; without one, plain 0600 files, and tokens only if the user agrees
    secrets: createSafeSecretStore(join(userData, 'secrets')),
    confirmPlainTokenStorage: true,
    // the cache driver built for Electron's ABI; the package's default build is Node's
    nativeBinding: sqliteBindingFor(process.env, app.isPackaged),
    openExternal: async (url) => {
      await safeOpenExternal(url, (safe) => shell.openExternal(safe));
    },
    // a path inside the offline file cache; types that could run code are only shown in their folder
    openFile: async (path, how) => {
      if (how === 'reveal') return shell.showItemInFolder(path);
      const problem = await shell.openPath(path);
      if (problem) throw new Error(problem);
    },
    // the user picks where a compliance export goes; the core writes it there
    chooseExportFile: async (name) => {
      const options = { defaultPath: join(app.getPath('downloads'), name) };
      const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return choice.canceled || !choice.filePath ? null : choice.filePath;
    },
  });
  core = clientCore;

  const contents = () => (window && !window.isDestroyed() ? window.webContents : null);
  registerIpcHandlers(ipcMain, clientCore, contents, (refusal) => logger.warn('IPC request refused', { ...refusal }));
  forwardPushesToWindow(clientCore, contents);
  clientCore.on('notification', (push) => {
    showNotification(push, { windowFocused: window?.isFocused() ?? false, onClick: sendCommand });
    refreshBadgeSoon();
  });
  clientCore.on('data:changed', (change) => {
    if (change.kinds.includes('streams') || change.kinds.includes('session')) refreshBadgeSoon();
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate(process.platform, app.isPackaged, { command: sendCommand })),
  );
  tray = createTray(app, {
    show: showWindow,
    quit: () => {
      quitting = true;
      app.quit();
    },
  });

  window = createMainWindow({
    preloadPath,
    stateFile: join(userData, 'window-state.json'),
    url: APP_INDEX_URL,
    isPackaged: app.isPackaged,
  });
  window.webContents.on('did-finish-load', () => {
    if (pendingCommand) window?.webContents.send('ui:command', pendingCommand);
    pendingCommand = null;
    refreshBadgeSoon();
  });
  // Closing the window hides it: syncing and notifications continue from the tray.
  window.on('close', (event) => {
    if (!quitting) {
      event.preventDefault();
      window?.hide();
    }
  });
}

// The log files come first, so that everything after (start-up included) can be logged.
const logger = setUpDesktopLog(ipcMain, { folder: app.getPath('logs'), consoleLevel: app.isPackaged ? false : 'warn' });
logMainProcessErrors(process, app, logger);
registerAppScheme();
// Every renderer the app might ever create is sandboxed, not only the ones we configure.
app.enableSandbox();
// Windows shows notifications only for an app with an AppUserModelID (the installer's appId).
if (process.platform === 'win32') app.setAppUserModelId('app.tributary.desktop');
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const firstLink = findDeepLink(process.argv);
  pendingCommand = firstLink ? parseDeepLink(firstLink) : null;
  app.on('second-instance', (_event, argv) => {
    const link = findDeepLink(argv);
    const command = link ? parseDeepLink(link) : null;
    if (command) sendCommand(command);
    else showWindow();
  });
  registerDeepLinks(app, sendCommand);
  hardenAllWebContents(app, { openLink });
  app.on('activate', showWindow);
  app.on('before-quit', () => {
    quitting = true;
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !core) return;
    // Let the core flush and close its cache before the process ends.
    event.preventDefault();
    closed = true;
    tray?.destroy();
    void core.close().finally(() => app.quit());
  });
  void app.whenReady().then(onReady);
}

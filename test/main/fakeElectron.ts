// A stand-in for the `electron` module — the one mock the house rules allow, because the Electron
// binary cannot run on our machines. It records what main-process code asks Electron to do, so tests
// can assert the security rules (handlers installed, events prevented, permissions denied).
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { vi } from 'vitest';

/** An Electron-style event whose default can be prevented. */
export function fakeEvent<T extends object>(
  extra: T = {} as T,
): T & { preventDefault: ReturnType<typeof vi.fn>; defaultPrevented: () => boolean } {
  const preventDefault = vi.fn();
  return Object.assign({ preventDefault, defaultPrevented: () => preventDefault.mock.calls.length > 0 }, extra);
}

export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<[string, unknown]> = [];
  loading = false;
  destroyed = false;

  constructor(url = 'app://tributary/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isLoading(): boolean {
    return this.loading;
  }
}

type Callback = (...args: never[]) => unknown;

export class FakeSession {
  protocolHandlers = new Map<string, (request: { url: string }) => Promise<Response> | Response>();
  protocol = {
    handle: (scheme: string, handler: (request: { url: string }) => Promise<Response> | Response) => {
      this.protocolHandlers.set(scheme, handler);
    },
  };
  permissionRequest: Callback | null = null;
  permissionCheck: Callback | null = null;
  devicePermission: Callback | null = null;
  beforeRequest: Callback | null = null;
  headersReceived: Callback | null = null;
  webRequest = {
    onBeforeRequest: (handler: Callback) => {
      this.beforeRequest = handler;
    },
    onHeadersReceived: (handler: Callback) => {
      this.headersReceived = handler;
    },
  };
  setPermissionRequestHandler(handler: Callback): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Callback): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: Callback): void {
    this.devicePermission = handler;
  }
}

export class FakeApp extends EventEmitter {
  badge = 0;
  protocolClients: unknown[][] = [];
  isPackaged = false;
  userData = '';
  sandboxEnabled = false;
  singleInstance = true;
  quitCalls = 0;
  private ready: () => void = () => undefined;
  private readyPromise = new Promise<void>((resolve) => {
    this.ready = resolve;
  });
  /** Test hook: what Electron does once it has started. */
  emitReady(): void {
    this.ready();
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  getPath(name: string): string {
    // Linux and Windows keep the logs inside userData (macOS: ~/Library/Logs/<app>)
    if (name === 'logs') return join(this.userData, 'logs');
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userData;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  setAppUserModelId(): void {}
  quit(): void {
    this.quitCalls += 1;
  }
  setBadgeCount(count: number): boolean {
    this.badge = count;
    return true;
  }
  setAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.protocolClients.push(args);
    return true;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  visible = false;
  focused = false;
  loadedUrl: string | null = null;
  maximized = false;
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isDestroyed(): boolean {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
}

export class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  constructor(public options: { title: string; body: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
}

export class FakeTray extends EventEmitter {
  static created: FakeTray[] = [];
  tooltip = '';
  image: unknown;
  menu: unknown;
  constructor(image: unknown) {
    super();
    this.image = image;
    FakeTray.created.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  destroy(): void {}
}

/** A reversible stand-in for the OS keychain: real encryption is the OS's job, not ours to test. */
export const fakeSafeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable: () => fakeSafeStorage.available,
  getSelectedStorageBackend: () => fakeSafeStorage.backend,
  encryptString: (text: string) => Buffer.from(`sealed:${Buffer.from(text).reverse().toString('base64')}`),
  decryptString: (data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('sealed:'))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(7), 'base64').reverse().toString();
  },
};

export const fakeIpcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn((channel: string, request: unknown) => Promise.resolve({ ok: true, value: { channel, request } })),
});

export const fakeContextBridge = { exposeInMainWorld: vi.fn() };

type InvokeHandler = (event: unknown, request: unknown) => Promise<unknown>;

/** Records ipcMain.handle registrations like Electron: one handler per channel; `on` listeners as an emitter. */
export const fakeIpcMain = {
  handlers: new Map<string, InvokeHandler>(),
  listeners: new EventEmitter(),
  on(channel: string, listener: (...args: unknown[]) => void): void {
    fakeIpcMain.listeners.on(channel, listener);
  },
  removeAllListeners(channel: string): void {
    fakeIpcMain.listeners.removeAllListeners(channel);
  },
  handle(channel: string, handler: InvokeHandler): void {
    if (fakeIpcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    fakeIpcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    fakeIpcMain.handlers.delete(channel);
  },
};

export const fakeDefaultSession = new FakeSession();

/** The module object `vi.mock('electron', …)` returns. */
export const fakeElectron = {
  ipcMain: fakeIpcMain,
  session: { defaultSession: fakeDefaultSession },
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  Notification: FakeNotification,
  Tray: FakeTray,
  Menu: {
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu: vi.fn((_menu: unknown) => undefined),
  },
  nativeImage: { createFromBitmap: (buffer: Buffer, size: object) => ({ buffer, size, setTemplateImage: vi.fn() }) },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  safeStorage: fakeSafeStorage,
  contextBridge: fakeContextBridge,
  ipcRenderer: fakeIpcRenderer,
  protocol: { registerSchemesAsPrivileged: vi.fn() },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  dialog: { showSaveDialog: vi.fn(() => Promise.resolve({ canceled: true, filePath: '' })) },
};

/*
 * vi.mock replaces `electron` for our modules only. Packages that Node loads itself, like
 * electron-log/main, `require('electron')` through Node's module cache, where the real package would
 * throw (its binary is absent). So this module puts the same fake in that cache when it loads: every
 * test that mocks `electron` imports this file first. Node's packages run in the main process, where
 * Electron has no renderer modules (electron-log's preload code starts itself where it finds one).
 */
const nodeRequire = createRequire(import.meta.url);
const electronPath = nodeRequire.resolve('electron');
nodeRequire.cache[electronPath] = {
  id: electronPath,
  filename: electronPath,
  loaded: true,
  exports: { ...fakeElectron, ipcRenderer: undefined, contextBridge: undefined },
} as unknown as NodeJS.Module;

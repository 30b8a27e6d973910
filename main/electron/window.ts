import { BrowserWindow, type BrowserWindowConstructorOptions, screen } from 'electron';
import { loadWindowState, saveWindowState, type WindowState } from './windowState';

/*
 * The one app window. Its webPreferences are the heart of the desktop security model, so they live in
 * a pure function that tests assert field by field: isolated, sandboxed, no Node, web security on.
 */

/** The BrowserWindow options for the main window, from a saved state and the preload path. */
export function mainWindowOptions(preloadPath: string, state: WindowState): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Tributary',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would otherwise try to open links in new windows (denied anyway, but quieter).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
      devTools: true,
    },
  };
}

/** Creates the window at its remembered place and keeps remembering it. */
export function createMainWindow(options: {
  preloadPath: string;
  stateFile: string;
  url: string;
  isPackaged: boolean;
}): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = loadWindowState(options.stateFile, workAreas);
  const windowOptions = mainWindowOptions(options.preloadPath, state);
  // Packaged builds do not offer devtools; dev builds keep them for debugging.
  if (options.isPackaged && windowOptions.webPreferences) windowOptions.webPreferences.devTools = false;
  const window = new BrowserWindow(windowOptions);
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  let timer: NodeJS.Timeout | null = null;
  const remember = () => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    saveWindowState(options.stateFile, { ...bounds, maximized: window.isMaximized() });
  };
  const rememberSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(remember, 500);
  };
  window.on('resize', rememberSoon);
  window.on('move', rememberSoon);
  window.on('close', () => {
    if (timer) clearTimeout(timer);
    remember();
  });
  void window.loadURL(options.url);
  return window;
}

import type { MenuItemConstructorOptions } from 'electron';
import type { UiCommand } from '../../shared/ipc/contract';

/*
 * The native menu: the platform's usual Edit/View/Window roles (so copy, paste, zoom and close behave
 * as users expect) plus the app's own shortcuts, which reach the renderer as `ui:command` pushes
 * because menu accelerators take the key before the page sees it.
 */

export interface MenuActions {
  command: (command: UiCommand) => void;
}

/** The menu template for one platform; pure so tests can check roles and shortcuts. */
export function buildMenuTemplate(
  platform: NodeJS.Platform,
  isPackaged: boolean,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const go: MenuItemConstructorOptions = {
    label: 'Go',
    submenu: [
      { label: 'Switch Stream…', accelerator: 'CmdOrCtrl+K', click: () => actions.command({ kind: 'openSwitcher' }) },
      { label: 'Search Messages…', accelerator: 'CmdOrCtrl+F', click: () => actions.command({ kind: 'openSearch' }) },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      // Developer tools stay out of the packaged app's menu (they remain reachable only in dev builds).
      ...(isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = { role: 'help', submenu: [{ role: 'about' }] };
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : [{ label: 'File', submenu: [{ role: 'quit' } as const] }]),
    { role: 'editMenu' },
    view,
    go,
    { role: 'windowMenu' },
    help,
  ];
}

import { type App, Menu, nativeImage, type NativeImage, Tray } from 'electron';
import { drawAppIcon } from './iconBitmap';

/*
 * The tray icon and the dock/taskbar badge show unread mentions, so a hidden window still tells the
 * user someone needs them. Syncing continues in the main process while the window is hidden.
 */

export interface TrayControls {
  setMentionCount(count: number): void;
  destroy(): void;
}

function iconImage(dot: boolean): NativeImage {
  const size = 32;
  const image = nativeImage.createFromBitmap(drawAppIcon(size, { dot }), { width: size, height: size, scaleFactor: 2 });
  if (process.platform === 'darwin') image.setTemplateImage(false);
  return image;
}

/** Text for the tray tooltip; pure so the wording is tested. */
export function mentionTooltip(count: number): string {
  if (count <= 0) return 'Tributary';
  return `Tributary — ${count} unread mention${count === 1 ? '' : 's'}`;
}

/** Creates the tray icon with Show/Quit; the returned controls update the count everywhere. */
export function createTray(app: App, actions: { show: () => void; quit: () => void }): TrayControls {
  const plain = iconImage(false);
  const dotted = iconImage(true);
  const tray = new Tray(plain);
  tray.setToolTip(mentionTooltip(0));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Tributary', click: actions.show },
      { type: 'separator' },
      { label: 'Quit Tributary', click: actions.quit },
    ]),
  );
  tray.on('click', actions.show);
  let last = -1;
  return {
    setMentionCount(count) {
      const value = Math.max(0, Math.floor(count));
      if (value === last) return;
      last = value;
      tray.setImage(value > 0 ? dotted : plain);
      tray.setToolTip(mentionTooltip(value));
      app.setBadgeCount(value);
    },
    destroy() {
      tray.destroy();
    },
  };
}

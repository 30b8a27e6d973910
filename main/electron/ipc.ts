import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcChannels, ipcPushNames, type TributaryApi } from '../../shared/ipc/contract';
import type { ApiError } from '../../shared/protocol/errors';
import { forwardPushes, invokeFromPage } from '../host/transport';
import { isAppUrl } from './security';

/*
 * The IPC boundary in main: one handler per contract channel, each checking that the call comes from
 * our window's top frame showing our bundle, then handing the raw payload to the client core, which
 * validates it with the contract's schema. Nothing else is registered; pushes go out per name.
 */

const FORBIDDEN: ApiError = { code: 'FORBIDDEN', message: 'IPC is only accepted from the Tributary window' };

/** True only for the top frame of the given window's webContents, showing an app:// page. */
export function isTrustedSender(event: IpcMainInvokeEvent, window: WebContents | null): boolean {
  if (window === null || event.sender !== window) return false;
  const frame = event.senderFrame;
  // A frame without a parent is the top frame; subframes (which CSP forbids anyway) never qualify.
  if (frame === null || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** Registers a handler per channel; returns a function that removes them all. */
export function registerIpcHandlers(
  ipcMain: IpcMain,
  core: TributaryApi,
  trustedContents: () => WebContents | null,
): () => void {
  for (const channel of ipcChannels) {
    ipcMain.handle(channel, (event, request: unknown) =>
      isTrustedSender(event, trustedContents())
        ? invokeFromPage(core, channel, request)
        : Promise.resolve({ ok: false, error: FORBIDDEN }),
    );
  }
  return () => {
    for (const channel of ipcChannels) ipcMain.removeHandler(channel);
  };
}

/** Forwards the core's pushes to the window; returns a function that stops forwarding. */
export function forwardPushesToWindow(core: TributaryApi, target: () => WebContents | null): () => void {
  // ui:command comes from the shell itself (menu, notifications, links), never from the core
  const names = ipcPushNames.filter((name) => name !== 'ui:command');
  return forwardPushes(
    core,
    (name, payload) => {
      const contents = target();
      if (contents && !contents.isDestroyed()) contents.send(name, payload);
    },
    names,
  );
}

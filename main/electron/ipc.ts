import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcChannels, type IpcError, ipcPushNames } from '../../shared/index';
import { isAppUrl } from './security';

/*
 * The IPC boundary in main: one handler per contract channel, each checking that the call comes from
 * our window's top frame showing our bundle, then handing the raw payload to the client core, which
 * validates it with the contract's schema. Nothing else is registered; pushes go out per name.
 */

/** The part of the client core IPC drives. */
export interface IpcCore {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}

const FORBIDDEN: IpcError = { code: 'FORBIDDEN', message: 'IPC is only accepted from the Tributary window' };

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
  core: IpcCore,
  trustedContents: () => WebContents | null,
): () => void {
  for (const channel of ipcChannels) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!isTrustedSender(event, trustedContents())) return { ok: false, error: FORBIDDEN };
      try {
        return await core.invoke(channel, request);
      } catch {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: 'the request failed unexpectedly' } satisfies IpcError,
        };
      }
    });
  }
  return () => {
    for (const channel of ipcChannels) ipcMain.removeHandler(channel);
  };
}

/** Forwards the core's pushes to the window; returns a function that stops forwarding. */
export function forwardPushes(core: IpcCore, target: () => WebContents | null): () => void {
  const unsubscribers = ipcPushNames
    .filter((name) => name !== 'ui:command')
    .map((name) =>
      core.on(name, (payload) => {
        const contents = target();
        if (contents && !contents.isDestroyed()) contents.send(name, payload);
      }),
    );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

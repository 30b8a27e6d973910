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

/** A refused IPC call as a log fact: the channel and why, never the payload. */
export interface IpcRefusal {
  channel: string;
  code: 'FORBIDDEN' | 'INVALID';
  /** The request field the contract's schema refused (INVALID), when it names one. */
  field?: string;
}

/**
 * Registers a handler per channel; returns a function that removes them all. `onRefused` hears of
 * calls from a foreign sender and of payloads the contract's schema refuses (the main process logs them).
 */
export function registerIpcHandlers(
  ipcMain: IpcMain,
  core: TributaryApi,
  trustedContents: () => WebContents | null,
  onRefused: (refusal: IpcRefusal) => void = () => undefined,
): () => void {
  for (const channel of ipcChannels) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!isTrustedSender(event, trustedContents())) {
        onRefused({ channel, code: 'FORBIDDEN' });
        return { ok: false, error: FORBIDDEN };
      }
      const result = await invokeFromPage(core, channel, request);
      if (!result.ok && result.error.code === 'INVALID')
        onRefused({ channel, code: 'INVALID', ...(result.error.field ? { field: result.error.field } : {}) });
      return result;
    });
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

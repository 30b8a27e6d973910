// The sandboxed preload: exposes `window.tributary` (the TributaryApi) and nothing else. Channel and
// push names are allow-listed from the shared contract, listeners never see the IPC event object,
// and ipcRenderer itself never crosses into the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isIpcChannel, isIpcPushName, type TributaryApi } from '../../shared/ipc/contract';

type RendererIpc = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

/** Builds the API over an ipcRenderer; separate from the exposure so tests can drive it. */
export function createPreloadApi(ipc: RendererIpc): TributaryApi {
  const api: TributaryApi = {
    invoke(channel, request) {
      if (!isIpcChannel(channel)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'INVALID', message: `unknown channel ${String(channel)}`, field: 'channel' },
        });
      }
      return ipc.invoke(channel, request);
    },
    on(name, listener) {
      if (!isIpcPushName(name) || typeof listener !== 'function') return () => undefined;
      const wrapped = (_event: IpcRendererEvent, payload: unknown) =>
        listener(payload as Parameters<typeof listener>[0]);
      ipc.on(name, wrapped);
      return () => {
        ipc.removeListener(name, wrapped);
      };
    },
  };
  return Object.freeze(api);
}

contextBridge.exposeInMainWorld('tributary', createPreloadApi(ipcRenderer));

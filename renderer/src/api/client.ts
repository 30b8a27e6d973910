/*
 * The only module that knows where the API comes from: the Electron preload's `window.tributary`,
 * else the browser host's WebSocket bridge. Tests install a fake with setApi().
 */
import type { IpcChannel, IpcPush, IpcPushName, IpcRequest, IpcResponse, TributaryApi } from '../../../shared/ipc';
import { ProtocolError } from '../../../shared/protocol/errors';
import { createBridgeApi } from './bridge';

declare global {
  interface Window {
    tributary?: TributaryApi;
  }
}

let api: TributaryApi | null = null;

/** Replaces the API (tests, or a host that injects one late). */
export function setApi(next: TributaryApi | null): void {
  api = next;
}

export function getApi(): TributaryApi {
  if (!api) api = window.tributary ?? createBridgeApi();
  return api;
}

/** Invokes a channel and returns its value, or throws the ProtocolError it answered with. */
export async function call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
  let result;
  try {
    result = await getApi().invoke(channel, request);
  } catch (err) {
    // Electron rejects when main has no handler or the preload refuses; surface it like any other error.
    throw new ProtocolError('INTERNAL', err instanceof Error ? err.message : String(err));
  }
  if (!result.ok) throw ProtocolError.from(result.error);
  return result.value;
}

/** Subscribes to a push; returns the unsubscribe function. */
export function onPush<N extends IpcPushName>(name: N, listener: (payload: IpcPush<N>) => void): () => void {
  return getApi().on(name, listener);
}

import {
  ipcPushNames,
  isIpcChannel,
  type IpcChannel,
  type IpcPushName,
  type IpcRequest,
  type IpcResult,
  type TributaryApi,
} from '../../shared/ipc/contract';

/*
 * What both hosts do with the contract: carry a page's request to the core and the core's pushes back
 * to the page. The hosts only differ in the wire (Electron IPC, a loopback WebSocket); they validate
 * nothing themselves beyond the channel name, since the core validates every request with the contract.
 */

/**
 * Answers one request as it arrived from a page: an unknown channel is INVALID (field `channel`), and
 * a core that throws anyway still yields an answer, so a page can never make a host hang or crash.
 */
export async function invokeFromPage(
  core: TributaryApi,
  channel: unknown,
  request: unknown,
): Promise<IpcResult<IpcChannel>> {
  if (!isIpcChannel(channel))
    return { ok: false, error: { code: 'INVALID', message: `unknown channel ${String(channel)}`, field: 'channel' } };
  try {
    // the payload is untrusted: the core parses it with the channel's schema before any handler runs
    return await core.invoke(channel, request as IpcRequest<typeof channel>);
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'the request failed unexpectedly' } };
  }
}

/** Sends every push the core makes (of the given names) to `deliver`; returns one function that stops it. */
export function forwardPushes(
  core: TributaryApi,
  deliver: (name: IpcPushName, payload: unknown) => void,
  names: readonly IpcPushName[] = ipcPushNames,
): () => void {
  const unsubscribers = names.map((name) => core.on(name, (payload) => deliver(name, payload)));
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

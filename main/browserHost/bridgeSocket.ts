import { type RawData, WebSocket } from 'ws';
import { bridgeInvokeSchema, type BridgeServerMessage } from '../../shared/ipc/bridge';
import type { TributaryApi } from '../../shared/ipc/contract';
import type { ApiError } from '../../shared/protocol/errors';
import { forwardPushes, invokeFromPage } from '../host/transport';

/*
 * One page's WebSocket: invokes go to the core (which validates the payload), every push the contract
 * names comes back. Whatever arrives — binary, broken JSON, unknown channels — is answered with an
 * INVALID result; nothing a page sends can crash the host.
 */

/** The id used when a frame is too broken to carry its own. */
export const UNKNOWN_REQUEST_ID = -1;

function send(ws: WebSocket, message: BridgeServerMessage): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  try {
    ws.send(JSON.stringify(message));
  } catch {
    // A payload that cannot be serialized is the core's bug; dropping it beats killing the socket.
  }
}

function failure(id: number, error: ApiError): BridgeServerMessage {
  return { kind: 'result', id, result: { ok: false, error } };
}

function idOf(value: unknown): number {
  if (typeof value === 'object' && value !== null && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return id;
  }
  return UNKNOWN_REQUEST_ID;
}

async function handleFrame(ws: WebSocket, core: TributaryApi, data: RawData, isBinary: boolean): Promise<void> {
  if (isBinary) {
    send(ws, failure(UNKNOWN_REQUEST_ID, { code: 'INVALID', message: 'binary frames are not accepted' }));
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString());
  } catch {
    send(ws, failure(UNKNOWN_REQUEST_ID, { code: 'INVALID', message: 'frame is not JSON' }));
    return;
  }
  const frame = bridgeInvokeSchema.safeParse(parsed);
  if (!frame.success) {
    const field = frame.error.issues[0]?.path.join('.') ?? '';
    send(
      ws,
      failure(idOf(parsed), {
        code: 'INVALID',
        message: `malformed invoke frame${field ? `: ${field}` : ''}`,
        ...(field ? { field } : {}),
      }),
    );
    return;
  }
  const { id, channel, request } = frame.data;
  send(ws, { kind: 'result', id, result: await invokeFromPage(core, channel, request) });
}

/** Wires one authorized socket to its session's core until the socket closes. */
export function attachBridge(ws: WebSocket, core: TributaryApi): void {
  const stopPushes = forwardPushes(core, (name, payload) => send(ws, { kind: 'push', name, payload }));
  ws.on('message', (data, isBinary) => {
    void handleFrame(ws, core, data, isBinary);
  });
  ws.on('close', stopPushes);
  ws.on('error', () => ws.terminate());
}

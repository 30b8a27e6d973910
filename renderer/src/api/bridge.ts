/*
 * The browser host's stand-in for the Electron preload: the same TributaryApi carried over one
 * WebSocket (wire format in shared/ipc/bridge.ts). The host may restart under us, so the socket
 * reconnects with backoff, and invokes in flight when it drops fail instead of hanging forever.
 */
// The wire constants from their own module: importing the contract's index would pull every schema
// (and the emoji data behind the reaction schema) into the renderer bundle for two numbers.
import { BRIDGE_ENDPOINT, BRIDGE_UNAUTHORIZED_CLOSE, type BridgeInvoke } from '../../../shared/ipc/bridge';
import type { IpcChannel, IpcPush, IpcPushName, IpcRequest, IpcResult, TributaryApi } from '../../../shared/ipc';

/** Dispatched on window when the browser host refuses this page (a tab from an earlier launch). */
export const HOST_REFUSED_EVENT = 'tributary:host-refused';

const SESSION_KEY = 'tributary.bridgeSession';

interface Pending {
  resolve: (result: IpcResult<IpcChannel>) => void;
}

function sessionId(): string {
  let id = sessionStorage.getItem(SESSION_KEY);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem(SESSION_KEY, id);
  }
  return id;
}

function unavailable(message: string): IpcResult<IpcChannel> {
  return { ok: false, error: { code: 'UNAVAILABLE', message } };
}

/**
 * Builds the bridge for the page's own host: the socket lives next to the page, so the browser sends
 * the page-session cookie with it (the page never sees a token).
 */
export function createBridgeApi(loc: Pick<Location, 'href'> = location): TributaryApi {
  const target = new URL(`${BRIDGE_ENDPOINT}?session=${encodeURIComponent(sessionId())}`, loc.href);
  target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = target.href;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryMs = 250;
  let refused = false;

  function failAll(message: string): void {
    for (const p of pending.values()) p.resolve(unavailable(message));
    pending.clear();
  }

  function connect(): void {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      for (const frame of queue.splice(0)) ws.send(frame);
    };
    ws.onmessage = (event) => {
      let msg: { kind?: string; id?: number; result?: unknown; name?: string; payload?: unknown };
      try {
        msg = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (msg.kind === 'result' && typeof msg.id === 'number') {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        p?.resolve(msg.result as IpcResult<IpcChannel>);
      } else if (msg.kind === 'push' && typeof msg.name === 'string') {
        for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
      }
    };
    ws.onclose = (event) => {
      socket = null;
      if (event.code === BRIDGE_UNAUTHORIZED_CLOSE) {
        refused = true;
        // the page says so in place of the app (App.tsx): not "Reconnecting" with sends refused
        window.dispatchEvent(new Event(HOST_REFUSED_EVENT));
        failAll('The browser host refused this page; open the URL it printed again.');
        return;
      }
      failAll('Lost the connection to the app host; please try again.');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  connect();

  return {
    invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>> {
      if (refused) return Promise.resolve(unavailable('The browser host refused this page.') as IpcResult<C>);
      const id = nextId++;
      const frame: BridgeInvoke = { kind: 'invoke', id, channel, request };
      return new Promise<IpcResult<C>>((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'] });
        const text = JSON.stringify(frame);
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    on<N extends IpcPushName>(name: N, listener: (payload: IpcPush<N>) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}

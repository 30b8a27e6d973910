import { io, type Socket } from 'socket.io-client';
import { serverPushes, type ServerPushName } from '../../../shared/protocol/pushes';
import {
  socketRequests,
  type SocketRequest,
  type SocketRequestName,
  type SocketResponse,
} from '../../../shared/protocol/requests';
import type { Ack, ApiError } from '../../../shared/protocol/errors';
import { errorMessage, type CoreLogger } from '../log';

/** Callbacks of one socket connection. */
export interface ConnectionHandlers {
  onConnect(): void;
  /** Called once when the connection ends for any reason (refused, dropped, closed). */
  onClose(reason: string): void;
  onPush(name: ServerPushName, payload: unknown): void;
}

const REQUEST_TIMEOUT_MS = 15_000;

function unavailable(message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code: 'UNAVAILABLE', message } };
}

/**
 * One socket.io connection with its own (not socket.io's) reconnect policy: every request resolves to
 * an Ack — a timeout or a dropped connection becomes UNAVAILABLE — so callers never hang or throw.
 */
export class Connection {
  private readonly socket: Socket;
  private readonly pending = new Set<() => void>();
  private closed = false;

  constructor(
    url: string,
    token: string,
    log: CoreLogger,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.socket = io(url, {
      auth: { token },
      reconnection: false,
      transports: ['websocket'],
      timeout: 10_000,
      forceNew: true,
    });
    this.socket.on('connect', () => handlers.onConnect());
    this.socket.on('connect_error', (err: Error) => this.finish(`connect failed: ${err.message}`));
    this.socket.on('disconnect', (reason: string) => this.finish(reason));
    for (const name of Object.keys(serverPushes) as ServerPushName[]) {
      this.socket.on(name, (payload: unknown) => {
        const parsed = serverPushes[name].safeParse(payload);
        // a malformed push is dropped, never applied half-understood
        if (!parsed.success) return;
        try {
          handlers.onPush(name, parsed.data);
        } catch (error) {
          // a cache write that failed (disk full, locked) must not crash the host; drop and resync
          log.error('applying a push failed', { push: name, error: errorMessage(error) });
          this.close();
        }
      });
    }
  }

  /** Whether the socket is connected now. */
  get connected(): boolean {
    return !this.closed && this.socket.connected;
  }

  /** Sends one request and resolves to its ack (validated), or UNAVAILABLE on timeout or disconnect. */
  request<N extends SocketRequestName>(
    name: N,
    payload: SocketRequest<N>,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<Ack<SocketResponse<N>>> {
    return new Promise((resolve) => {
      if (!this.connected) return resolve(unavailable('offline'));
      const abort = (): void => {
        clearTimeout(timer);
        resolve(unavailable('connection lost'));
      };
      const timer = setTimeout(() => {
        this.pending.delete(abort);
        resolve(unavailable(`${name} timed out`));
      }, timeoutMs);
      this.pending.add(abort);
      this.socket.emit(name, payload, (ack: unknown) => {
        clearTimeout(timer);
        this.pending.delete(abort);
        resolve(parseAck(name, ack));
      });
    });
  }

  /** Closes the socket; pending requests resolve UNAVAILABLE. */
  close(): void {
    this.socket.disconnect();
    this.finish('closed by client');
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    for (const abort of [...this.pending]) abort();
    this.pending.clear();
    this.handlers.onClose(reason);
  }
}

function parseAck<N extends SocketRequestName>(name: N, ack: unknown): Ack<SocketResponse<N>> {
  if (typeof ack !== 'object' || ack === null)
    return { ok: false, error: { code: 'INTERNAL', message: `${name}: no ack` } };
  const a = ack as { ok?: unknown; error?: ApiError };
  if (a.ok !== true) {
    const error =
      a.error && typeof a.error.code === 'string' ? a.error : { code: 'INTERNAL' as const, message: 'bad ack' };
    return { ok: false, error };
  }
  const parsed = socketRequests[name].response.safeParse(ack);
  if (!parsed.success) return { ok: false, error: { code: 'INTERNAL', message: `${name}: malformed response` } };
  return { ok: true, ...(parsed.data as SocketResponse<N>) };
}

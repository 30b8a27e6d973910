import type { ChangeKind, IpcChannel, IpcRequestParsed, IpcResponse, SessionState } from '../../../shared/ipc/contract';
import { ProtocolError, type Ack } from '../../../shared/protocol/errors';
import type { Account } from '../account';

/** The session operations the `session:*` handlers drive. */
export interface SessionControl {
  state(): SessionState;
  login(serverUrl: string, email: string, password: string): Promise<SessionState>;
  logout(): Promise<SessionState>;
}

/** What a channel handler may use besides its request. */
export interface HandlerContext {
  /** The signed-in account; throws UNAUTHENTICATED when there is none. */
  account(): Account;
  /** Announces a cache change (coalesced into one `data:changed` push per turn). */
  changed(streamIds: string[], kinds: ChangeKind[]): void;
  session: SessionControl;
  /** Opens a URL in the system browser; absent when the host has none. */
  openExternal: ((url: string) => Promise<void>) | undefined;
}

/** One channel's implementation; it refuses by throwing ProtocolError. */
export type Handler<C extends IpcChannel> = (
  ctx: HandlerContext,
  req: IpcRequestParsed<C>,
) => IpcResponse<C> | Promise<IpcResponse<C>>;

/** Handlers of some channels: what one domain's file exports. */
export type HandlerGroup<C extends IpcChannel> = { [K in C]: Handler<K> };

/** Unwraps a server ack, turning a refusal into a ProtocolError with the same code. */
export function unwrap<T>(ack: Ack<T>): T {
  if (!ack.ok) throw ProtocolError.from(ack.error);
  return ack;
}

import type { IpcChannel, IpcRequestParsed, IpcResponse } from '../../../shared/ipc/contract';
import type { Ack } from '../../../shared/protocol/errors';
import type { Account } from '../account';
import { CoreError } from '../errors';
import type { ChangeKind } from '../sync/syncEngine';

/** What a channel handler may use besides its request. */
export interface HandlerContext {
  /** The signed-in account; throws UNAUTHENTICATED when there is none. */
  account(): Account;
  changed(streamIds: string[], kinds: ChangeKind[]): void;
  openExternal: ((url: string) => Promise<void>) | undefined;
}

/** One channel's implementation; it may throw CoreError. */
export type Handler<C extends IpcChannel> = (
  ctx: HandlerContext,
  req: IpcRequestParsed<C>,
) => IpcResponse<C> | Promise<IpcResponse<C>>;

/** A partial table of channel handlers. */
export type HandlerTable = { [C in IpcChannel]?: Handler<C> };

/** Unwraps a server ack, turning a refusal into a CoreError with the same code. */
export function unwrap<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new CoreError(ack.error.code, ack.error.message, ack.error.field);
  return ack;
}

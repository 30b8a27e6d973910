import type { ChangeKind, IpcChannel, IpcPush, IpcRequestParsed, IpcResponse } from '../../../shared/ipc/contract';
import { ProtocolError, type Ack } from '../../../shared/protocol/errors';
import type { Account } from '../account';
import type { ExportDownloads } from '../export/exportDownloads';
import type { ClientCoreOptions } from '../index';
import type { Session } from '../session';

/** What a channel handler may use besides its request. */
export interface HandlerContext {
  /** The account that was active when the request arrived; throws UNAUTHENTICATED when there is none. */
  account(): Account;
  /** Announces a change of that account's cache (coalesced into one `data:changed` push per turn). */
  changed(streamIds: string[], kinds: ChangeKind[]): void;
  /** The open accounts and every change of them (sign-in, switch, settings). */
  session: Session;
  /** Opens a URL in the system browser; absent when the host has none. */
  openExternal: ((url: string) => Promise<void>) | undefined;
  /** What the host said about itself (versions, logs folder, notifications). */
  about: ClientCoreOptions['about'];
  /** Opens a local file with the system's application (or shows it in its folder); absent when the host has none. */
  openFile: ClientCoreOptions['openFile'];
  /** Pushes an upload's progress to the pages. */
  uploadProgress(progress: IpcPush<'file:progress'>): void;
  /** The compliance console's export downloads (one at a time per app). */
  exportDownloads: ExportDownloads;
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

/** The active account, or UNAUTHENTICATED: what account channels answer before any sign-in. */
export function requireAccount(account: Account | null): Account {
  if (!account) throw new ProtocolError('UNAUTHENTICATED', 'not signed in');
  return account;
}

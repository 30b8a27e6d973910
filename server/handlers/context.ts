import type { SocketRequestName, SocketRequestParsed, SocketResponse } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { Effects } from '../domain/effects';
import type { Logger } from '../logger';
import type { UserRecord } from '../repositories/users.repository';
import type { PreparedPassword } from './prepare';

/** Server settings a handler may consult. */
export interface HandlerConfig {
  maxBodyChars: number;
  /** Byte cap of a sync/history page (MAX_PAGE_BYTES unless a test lowers it). */
  maxPageBytes: number;
  /** The typing budget of this node (`typing:signal`); without one typing is refused as rate limited. */
  typingBudget?: { take(userId: string, now: number): boolean };
  /** scrypt N for passwords the admin console sets (the server's; tests lower it). */
  scryptCost?: number;
  /** Hashes a password in the server's password pool, before a unit of work opens (handlers/prepare.ts). */
  hashPassword?: (password: string) => Promise<string>;
}

/**
 * Everything one request runs with: the unit of work it runs in (the dispatcher opens one per
 * request, so a handler never opens a transaction itself), no socket, so the demo seed and tests can
 * call handlers directly.
 */
export interface HandlerContext {
  tx: Tx;
  user: UserRecord;
  effects: Effects;
  config: HandlerConfig;
  log: Logger;
  now: number;
  /** What was done for this request before its unit of work opened (handlers/prepare.ts), if anything. */
  prepared?: PreparedPassword;
}

/** A request handler: runs inside its request's unit of work; throws ProtocolError to refuse. */
export type Handler<N extends SocketRequestName> = (
  ctx: HandlerContext,
  payload: SocketRequestParsed<N>,
) => Promise<SocketResponse<N>>;

/** One handler per request name. */
export type HandlerMap = { [N in SocketRequestName]: Handler<N> };

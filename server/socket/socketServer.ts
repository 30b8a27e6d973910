import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  ProtocolError,
  invalidFromZod,
  socketRequestNames,
  socketRequests,
  type ApiError,
  type SocketRequestName,
} from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { userStreams } from '../domain/access';
import { createEffects, type EffectSink } from '../domain/effects';
import type { HandlerConfig, HandlerContext } from '../handlers/context';
import { handlers } from '../handlers/registry';
import type { Logger } from '../logger';
import { resolveToken, tokenOfDeactivatedUser } from '../auth/tokens';
import { getTokenWithUser } from '../repositories/tokens.repository';
import { getUser, type UserRecord } from '../repositories/users.repository';
import { CATCH_UP_REQUESTS, syncRateFor, type RateLimitOptions, type TokenBucket } from './rateLimiter';
import { DEFAULT_GATE, RequestGate, type GateOptions } from './requestGate';
import { streamRoom, tokenRoom, userRoom } from './rooms';
import { DEFAULT_CONNECTION_CAPS, UserBudgets, type ConnectionCaps, type UserBudget } from './userBudgets';

/** What the socket layer needs from the rest of the server. */
export interface SocketDeps {
  db: Db;
  log: Logger;
  config: HandlerConfig;
  rate: RateLimitOptions;
  /** Budget of `sync`/`history` per user (default DEFAULT_SYNC_RATE, never below `rate`). */
  syncRate?: RateLimitOptions;
  /** Sockets per user and per token (default DEFAULT_CONNECTION_CAPS). */
  connections?: ConnectionCaps;
  /** Requests in flight per connection (default DEFAULT_GATE). */
  gate?: GateOptions;
  /** Delivery of committed effects; set once the io server exists. */
  sink: () => EffectSink;
}

interface SocketData {
  userId: string;
  tokenId: string;
  budget: UserBudget;
}

type Ack = (answer: unknown) => void;

function errorAck(error: ApiError): { ok: false; error: ApiError } {
  return { ok: false, error };
}

/** Roughly what a request payload weighs, to bound what waits in a connection's queue. */
function payloadBytes(payload: unknown): number {
  try {
    return JSON.stringify(payload)?.length ?? 0;
  } catch {
    return 0;
  }
}

/**
 * Attaches socket.io to the HTTP server: token handshake with connection caps, room joins, and
 * validated request dispatch under the user's shared budget and the connection's request gate.
 */
export function createSocketServer(httpServer: HttpServer, deps: SocketDeps): Server {
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1_000_000 });
  const { db, log } = deps;
  const budgets = new UserBudgets(
    deps.rate,
    syncRateFor(deps.rate, deps.syncRate),
    deps.connections ?? DEFAULT_CONNECTION_CAPS,
  );

  io.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const record = resolveToken(db, auth?.token, Date.now());
    if (!record) return next(new Error(tokenOfDeactivatedUser(db, auth?.token) ? 'DEACTIVATED' : 'UNAUTHENTICATED'));
    const refusal = budgets.refusal(record.userId, record.id);
    if (refusal) {
      log.info('connection refused', { userId: record.userId, reason: refusal });
      return next(Object.assign(new Error('RATE_LIMITED'), { data: { message: refusal } }));
    }
    // Counted from the handshake, not from 'connection': parallel handshakes must not all slip under
    // the cap. Released exactly once, whichever of the socket or its transport goes first.
    const budget = budgets.open(record.userId, record.id);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      budgets.close(record.userId, record.id);
    };
    socket.once('disconnect', release);
    socket.conn.once('close', release);
    (socket.data as SocketData) = { userId: record.userId, tokenId: record.id, budget };
    next();
  });

  io.on('connection', (socket) => {
    const data = socket.data as SocketData;
    const user = getUser(db, data.userId);
    if (!user) {
      socket.disconnect(true);
      return;
    }
    void socket.join([
      userRoom(user.id),
      tokenRoom(data.tokenId),
      ...userStreams(db, user).map((s) => streamRoom(s.id)),
    ]);
    log.debug('socket connected', { userId: user.id, socketId: socket.id });
    const gate = new RequestGate(socket, deps.gate ?? DEFAULT_GATE);
    for (const name of socketRequestNames) {
      const bucket = CATCH_UP_REQUESTS.has(name) ? data.budget.catchUp : data.budget.general;
      socket.on(name, (...args: unknown[]) => admit(socket, gate, bucket, name, args));
    }
    socket.onAny((name: unknown, ...args: unknown[]) => {
      if (typeof name === 'string' && Object.hasOwn(socketRequests, name)) return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function') (ack as Ack)(errorAck({ code: 'INVALID', message: 'unknown request' }));
    });
    socket.on('disconnect', (reason) => log.debug('socket disconnected', { userId: user.id, reason }));
  });

  /**
   * On arrival: the user's budget, the session (revoked or expired → UNAUTHENTICATED and disconnect)
   * and the payload (malformed → INVALID at once: it costs no work, so it need not wait). What is left
   * waits in the connection's gate; a revocation disconnects the socket, which drops what waits.
   */
  function admit(
    socket: Socket,
    gate: RequestGate,
    bucket: TokenBucket,
    name: SocketRequestName,
    args: unknown[],
  ): void {
    const last = args[args.length - 1];
    // Without an ack callback there is nobody to answer; doing nothing is the safe reading.
    if (typeof last !== 'function') return;
    const ack = last as Ack;
    const payload = args.length > 1 ? args[0] : undefined;
    try {
      if (!bucket.take()) throw new ProtocolError('RATE_LIMITED', 'too many requests; slow down');
      const user = sessionUser(socket, ack);
      if (!user) return;
      const parsed = socketRequests[name].request.safeParse(payload);
      if (!parsed.success) throw invalidFromZod(parsed.error);
      const queued = gate.submit(
        () => dispatch(user, name, parsed.data, ack),
        () => payloadBytes(payload),
      );
      if (!queued) throw new ProtocolError('RATE_LIMITED', 'too many requests in flight on this connection');
    } catch (error) {
      answerError(name, ack, error);
    }
  }

  /** The socket's user while its token is live; otherwise answers UNAUTHENTICATED, disconnects, and gives null. */
  function sessionUser(socket: Socket, ack: Ack): UserRecord | null {
    const data = socket.data as SocketData;
    // token and user in one query: this runs before every request
    const session = getTokenWithUser(db, data.tokenId);
    const token = session?.token;
    if (!token || token.revokedAt !== null || token.expiresAt <= Date.now()) {
      ack(errorAck({ code: 'UNAUTHENTICATED', message: 'session ended; log in again' }));
      socket.disconnect(true);
      return null;
    }
    const user = session.user;
    if (!user || user.id !== data.userId) throw new ProtocolError('UNAUTHENTICATED', 'account no longer exists');
    return user;
  }

  function dispatch(user: UserRecord, name: SocketRequestName, payload: unknown, ack: Ack): void {
    const started = Date.now();
    try {
      const ctx: HandlerContext = { db, user, effects: createEffects(), config: deps.config, log, now: started };
      const handler = handlers[name] as (c: HandlerContext, p: unknown) => object;
      const result = handler(ctx, payload);
      ack({ ok: true, ...result });
      deps.sink()(ctx.effects);
      log.debug('request', { name, userId: user.id, ms: Date.now() - started });
    } catch (error) {
      answerError(name, ack, error);
    }
  }

  function answerError(name: string, ack: Ack, error: unknown): void {
    if (error instanceof ProtocolError) {
      ack(errorAck(error.toJSON()));
      return;
    }
    log.error('request failed', { name, error: error instanceof Error ? error.message : String(error) });
    ack(errorAck({ code: 'INTERNAL', message: 'internal error' }));
  }

  return io;
}

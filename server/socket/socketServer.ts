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
import { resolveToken } from '../auth/tokens';
import { getTokenWithUser } from '../repositories/tokens.repository';
import { getUser } from '../repositories/users.repository';
import { CATCH_UP_REQUESTS, TokenBucket, syncRateFor, type RateLimitOptions } from './rateLimiter';
import { streamRoom, tokenRoom, userRoom } from './rooms';

/** What the socket layer needs from the rest of the server. */
export interface SocketDeps {
  db: Db;
  log: Logger;
  config: HandlerConfig;
  rate: RateLimitOptions;
  /** Budget of `sync`/`history` per socket (default DEFAULT_SYNC_RATE, never below `rate`). */
  syncRate?: RateLimitOptions;
  /** Delivery of committed effects; set once the io server exists. */
  sink: () => EffectSink;
}

interface SocketData {
  userId: string;
  tokenId: string;
}

type Ack = (answer: unknown) => void;

function errorAck(error: ApiError): { ok: false; error: ApiError } {
  return { ok: false, error };
}

/** Attaches socket.io to the HTTP server: token handshake, room joins and validated request dispatch. */
export function createSocketServer(httpServer: HttpServer, deps: SocketDeps): Server {
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1_000_000 });
  const { db, log } = deps;

  io.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const record = resolveToken(db, auth?.token, Date.now());
    if (!record) return next(new Error('UNAUTHENTICATED'));
    (socket.data as SocketData) = { userId: record.userId, tokenId: record.id };
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
    const general = new TokenBucket(deps.rate);
    const catchUp = new TokenBucket(syncRateFor(deps.rate, deps.syncRate));
    for (const name of socketRequestNames) {
      const bucket = CATCH_UP_REQUESTS.has(name) ? catchUp : general;
      socket.on(name, (...args: unknown[]) => dispatch(socket, bucket, name, args));
    }
    socket.onAny((name: unknown, ...args: unknown[]) => {
      if (typeof name === 'string' && Object.hasOwn(socketRequests, name)) return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function') (ack as Ack)(errorAck({ code: 'INVALID', message: 'unknown request' }));
    });
    socket.on('disconnect', (reason) => log.debug('socket disconnected', { userId: user.id, reason }));
  });

  function dispatch(socket: Socket, bucket: TokenBucket, name: SocketRequestName, args: unknown[]): void {
    const last = args[args.length - 1];
    // Without an ack callback there is nobody to answer; doing nothing is the safe reading.
    if (typeof last !== 'function') return;
    const ack = last as Ack;
    const payload = args.length > 1 ? args[0] : undefined;
    const started = Date.now();
    try {
      if (!bucket.take(started)) {
        ack(errorAck({ code: 'RATE_LIMITED', message: 'too many requests; slow down' }));
        return;
      }
      const data = socket.data as SocketData;
      // token and user in one query: this runs before every request
      const session = getTokenWithUser(db, data.tokenId);
      const token = session?.token;
      if (!token || token.revokedAt !== null || token.expiresAt <= started) {
        ack(errorAck({ code: 'UNAUTHENTICATED', message: 'session ended; log in again' }));
        socket.disconnect(true);
        return;
      }
      const user = session.user;
      if (!user || user.id !== data.userId) throw new ProtocolError('UNAUTHENTICATED', 'account no longer exists');
      const parsed = socketRequests[name].request.safeParse(payload);
      if (!parsed.success) throw invalidFromZod(parsed.error);
      const ctx: HandlerContext = { db, user, effects: createEffects(), config: deps.config, log, now: started };
      const handler = handlers[name] as (c: HandlerContext, p: unknown) => object;
      const result = handler(ctx, parsed.data);
      ack({ ok: true, ...result });
      deps.sink()(ctx.effects);
      log.debug('request', { name, userId: user.id, ms: Date.now() - started });
    } catch (error) {
      if (error instanceof ProtocolError) {
        ack(errorAck(error.toJSON()));
        return;
      }
      log.error('request failed', { name, error: error instanceof Error ? error.message : String(error) });
      ack(errorAck({ code: 'INTERNAL', message: 'internal error' }));
    }
  }

  return io;
}

import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import {
  ProtocolError,
  invalidFromZod,
  socketRequestNames,
  socketRequests,
  type ApiError,
  type SocketRequestName,
} from '../../shared/protocol/index';
import type { Store, Tx } from '../db/store';
import { userStreams } from '../domain/access';
import { createEffects, type EffectSink, type Effects } from '../domain/effects';
import type { HandlerConfig, HandlerContext } from '../handlers/context';
import { PREPARERS } from '../handlers/prepare';
import { READ_ONLY_REQUESTS, handlers } from '../handlers/registry';
import type { Logger } from '../logger';
import { resolveToken, tokenOfDeactivatedUser } from '../auth/tokens';
import type { UserRecord } from '../repositories/users.repository';
import { CATCH_UP_REQUESTS, syncRateFor, type RateLimitOptions, type TokenBucket } from './rateLimiter';
import { DEFAULT_GATE, RequestGate, type GateOptions } from './requestGate';
import { streamRoom, tokenRoom, userRoom } from './rooms';
import type { SharedRequestBudgets } from './sharedBudgets';
import {
  DEFAULT_CONNECTION_CAPS,
  UserBudgets,
  type ConnectionCaps,
  type RequestBudgets,
  type UserBudget,
} from './userBudgets';

/** What the socket layer needs from the rest of the server. */
export interface SocketDeps {
  store: Store;
  log: Logger;
  config: HandlerConfig;
  rate: RateLimitOptions;
  /** Budget of `sync`/`history` per user (default DEFAULT_SYNC_RATE, never below `rate`). */
  syncRate?: RateLimitOptions;
  /** Sockets per user and per token (default DEFAULT_CONNECTION_CAPS). */
  connections?: ConnectionCaps;
  /** Requests in flight per connection (default DEFAULT_GATE). */
  gate?: GateOptions;
  /** Request budgets and connection counts per user (default: this node's own UserBudgets). */
  budgets?: RequestBudgets;
  /** Delivery of committed effects; set once the io server exists. */
  sink: () => EffectSink;
  /** socket.io's adapter: how broadcasts reach the sockets of other nodes (default: this node only). */
  adapter?: ServerOptions['adapter'];
  /** Budgets every node shares, checked after this node's own (default: none, one node). */
  sharedBudgets?: SharedRequestBudgets;
  /** Told of every admitted socket once it has joined its rooms (presence); default: nobody. */
  onConnected?: (socket: Socket, userId: string) => void;
}

interface SocketData {
  userId: string;
  tokenId: string;
  budget: UserBudget;
  /** The rooms of the streams the user could read at the handshake. */
  streamIds: string[];
}

/** How a request's unit of work ended. */
type Outcome = { kind: 'answered'; result: object; effects: Effects } | { kind: 'session ended' };

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
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });
  const { store, log } = deps;
  const budgets =
    deps.budgets ??
    new UserBudgets(deps.rate, syncRateFor(deps.rate, deps.syncRate), deps.connections ?? DEFAULT_CONNECTION_CAPS);

  io.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    handshake(auth?.token).then(
      (found) => {
        if (found === 'DEACTIVATED' || !found) return next(new Error(found ?? 'UNAUTHENTICATED'));
        admitSocket(socket, found, next);
      },
      (error: unknown) => {
        log.error('handshake failed', { error: error instanceof Error ? error.message : String(error) });
        next(new Error('INTERNAL'));
      },
    );
  });

  /**
   * The token's session, its user and the streams they read, in one read-only unit; null when not
   * live, DEACTIVATED when the token (live, revoked or expired) is a deactivated user's, so the app
   * removes its local data.
   */
  async function handshake(
    token: unknown,
  ): Promise<{ tokenId: string; userId: string; streamIds: string[] } | 'DEACTIVATED' | null> {
    return store.withTransaction(
      async (tx) => {
        const record = await resolveToken(tx, token, Date.now());
        const user = record ? await tx.users.get(record.userId) : null;
        if (!record || !user) return (await tokenOfDeactivatedUser(tx, token)) ? 'DEACTIVATED' : null;
        const streamIds = (await userStreams(tx, user)).map((s) => s.id);
        return { tokenId: record.id, userId: user.id, streamIds };
      },
      { readOnly: true },
    );
  }

  /** The connection caps, then the budget: checked and counted in one step, after every await. */
  function admitSocket(
    socket: Socket,
    record: { tokenId: string; userId: string; streamIds: string[] },
    next: (error?: Error) => void,
  ): void {
    const refusal = budgets.refusal(record.userId, record.tokenId);
    if (refusal) {
      log.info('connection refused', { userId: record.userId, reason: refusal });
      return next(Object.assign(new Error('RATE_LIMITED'), { data: { message: refusal } }));
    }
    // Counted from the handshake, not from 'connection': parallel handshakes must not all slip under
    // the cap. Released exactly once, whichever of the socket or its transport goes first.
    const budget = budgets.open(record.userId, record.tokenId);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      budgets.close(record.userId, record.tokenId);
    };
    socket.once('disconnect', release);
    socket.conn.once('close', release);
    (socket.data as SocketData) = { ...record, budget };
    next();
  }

  io.on('connection', (socket) => {
    const data = socket.data as SocketData;
    void socket.join([userRoom(data.userId), tokenRoom(data.tokenId), ...data.streamIds.map(streamRoom)]);
    log.debug('socket connected', { userId: data.userId, socketId: socket.id });
    deps.onConnected?.(socket, data.userId);
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
    socket.on('disconnect', (reason) => log.debug('socket disconnected', { userId: data.userId, reason }));
  });

  /**
   * On arrival: the user's budget, then the payload: a malformed one is answered without waiting in
   * line (INVALID, or UNAUTHENTICATED once the session has ended). What is left waits in the
   * connection's gate and checks the session when it runs; a revocation disconnects the socket, which
   * drops what waits.
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
      const parsed = socketRequests[name].request.safeParse(payload);
      if (!parsed.success) {
        // Not queued (it costs no work), but a session that has ended still answers UNAUTHENTICATED.
        const invalid = invalidFromZod(parsed.error);
        void store
          .withTransaction((tx) => sessionUser(tx, socket.data as SocketData), { readOnly: true })
          .then(
            (user) => (user ? answerError(name, ack, invalid) : endSession(socket, ack)),
            (error: unknown) => answerError(name, ack, error),
          );
        return;
      }
      const queued = gate.submit(
        () => dispatch(socket, name, parsed.data, ack),
        () => payloadBytes(payload),
      );
      if (!queued) throw new ProtocolError('RATE_LIMITED', 'too many requests in flight on this connection');
    } catch (error) {
      answerError(name, ack, error);
    }
  }

  /**
   * The socket's user while its token is live, or null once it is revoked or expired (the token is
   * re-checked on every request, in the request's unit of work); throws when the account is gone.
   */
  async function sessionUser(tx: Tx, data: SocketData): Promise<UserRecord | null> {
    // token and user in one query: this runs before every request
    const session = await tx.tokens.getWithUser(data.tokenId);
    const token = session?.token;
    if (!token || token.revokedAt !== null || token.expiresAt <= Date.now()) return null;
    const user = session.user;
    if (!user || user.id !== data.userId) throw new ProtocolError('UNAUTHENTICATED', 'account no longer exists');
    return user;
  }

  /** Answers UNAUTHENTICATED to a request of an ended session and disconnects its socket. */
  function endSession(socket: Socket, ack: Ack): void {
    ack(errorAck({ code: 'UNAUTHENTICATED', message: 'session ended; log in again' }));
    socket.disconnect(true);
  }

  /**
   * Runs one request as one unit of work: the session check, then the handler. The ack and the pushes
   * go out only once the unit has committed durably.
   */
  async function dispatch(socket: Socket, name: SocketRequestName, payload: unknown, ack: Ack): Promise<void> {
    const started = Date.now();
    const data = socket.data as SocketData;
    try {
      // the cluster's budget, in turn: the connection's requests run one at a time, in order
      const kind = CATCH_UP_REQUESTS.has(name) ? 'catchUp' : 'general';
      if (deps.sharedBudgets && !(await deps.sharedBudgets.take(data.userId, kind, started)))
        throw new ProtocolError('RATE_LIMITED', 'too many requests; slow down');
      const prepared = await prepare(data, name, payload);
      const outcome = await store.withTransaction<Outcome>(
        async (tx) => {
          const user = await sessionUser(tx, data);
          if (!user) return { kind: 'session ended' };
          // effects are collected afresh on every run: a unit of work may run again after a conflict
          const ctx: HandlerContext = {
            tx,
            user,
            effects: createEffects(),
            config: deps.config,
            log,
            now: started,
            ...(prepared ? { prepared } : {}),
          };
          const handler = handlers[name] as (c: HandlerContext, p: unknown) => Promise<object>;
          return { kind: 'answered', result: await handler(ctx, payload), effects: ctx.effects };
        },
        { readOnly: READ_ONLY_REQUESTS.has(name) },
      );
      if (outcome.kind === 'session ended') return endSession(socket, ack);
      ack({ ok: true, ...outcome.result });
      deps.sink()(outcome.effects);
      log.debug('request', { name, userId: data.userId, ms: Date.now() - started });
    } catch (error) {
      answerError(name, ack, error);
    }
  }

  /** A request's work before its unit of work (handlers/prepare.ts), for the caller as now signed in. */
  async function prepare(data: SocketData, name: SocketRequestName, payload: unknown) {
    const preparer = PREPARERS[name];
    if (!preparer) return undefined;
    const caller = await store.withTransaction((tx) => sessionUser(tx, data), { readOnly: true });
    return caller ? preparer(payload as { password?: string }, caller, deps.config) : undefined;
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

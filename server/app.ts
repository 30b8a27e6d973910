import type { Server as IoServer } from 'socket.io';
import { DEFAULT_MAX_BODY_CHARS, DEFAULT_SERVER_PORT, MAX_PAGE_BYTES, type ServerInfo } from '../shared/protocol/index';
import { AdminService } from './admin/admin.service';
import { createAuthRoutes } from './auth/auth.http';
import { DEFAULT_SCRYPT_COST, hashPassword } from './auth/passwords';
import { DEFAULT_LOGIN_LIMITS, LoginGuard } from './auth/loginGuard';
import { StoredFailureCounter } from './auth/storedFailureCounter';
import { openClusterBroadcast } from './db/clusterBroadcast';
import { openStore, storageTarget } from './db/openStore';
import type { Store } from './db/store';
import { seedDemo } from './demo/seed';
import type { EffectSink } from './domain/effects';
import { clientAddressResolver } from './http/clientAddress';
import { createExportRoute } from './http/exportRoute';
import { createHttpServer } from './http/httpServer';
import { createFlowdockRouter } from './flowdock/router';
import { createFileRoutes } from './files/files.http';
import { createPhotoRoutes } from './files/profilePhotos.http';
import { fileStoreFor } from './files/fileStore';
import { FileJanitor } from './files/janitor';
import { serverMaxFileBytes } from './files/attachments';
import { FlowStreamHub } from './flowdock/hub';
import { sendJson } from './http/respond';
import { createLogger, fileLogger, type LogLevel, type Logger } from './logger';
import { DEFAULT_RETENTION_INTERVAL_MS, startRetentionJob, type RetentionJob } from './jobs/retentionJob';
import { DEFAULT_PULSE_ROLLUP_INTERVAL_MS, startPulseRollupJob, type PulseRollupJob } from './jobs/pulseRollupJob';
import { startAdminTail } from './socket/adminTail';
import { createBroadcaster } from './socket/broadcaster';
import { DEFAULT_SOCKET_RATE, syncRateFor } from './socket/rateLimiter';
import { DEFAULT_GATE } from './socket/requestGate';
import { PresenceTracker, type PresenceOptions } from './socket/presenceTracker';
import { StoredRequestBudgets } from './socket/sharedBudgets';
import { TypingBudgets } from './socket/typingBudgets';
import { TypingCoalescer } from './socket/typingCoalescer';
import { createSocketServer } from './socket/socketServer';
import { DEFAULT_CONNECTION_CAPS, UserBudgets } from './socket/userBudgets';

export { databaseFile } from './db/openStore';

/** How to run a server. */
export interface ServerOptions {
  /** Folder holding tributary.db (SQLite, the default); created if missing. */
  dataDir?: string;
  /** A PostgreSQL URL (`postgres://USER:PASS@HOST:PORT/DB`): store the data there instead of SQLite. */
  database?: string;
  /** SQLite: commit concurrent requests together (default true; false only to measure the difference). */
  groupCommit?: boolean;
  /** PostgreSQL: connections in this node's pool (default 10). */
  poolSize?: number;
  /**
   * Request budgets and login failures counted in the database, for every node to share (default:
   * on PostgreSQL; false only to measure what they cost). SQLite is one node and counts in memory.
   */
  sharedLimits?: boolean;
  /** Default 4600; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed the Acme demo organization on first start. */
  demo?: boolean;
  maxBodyChars?: number;
  /** Byte cap of a sync/history page; default MAX_PAGE_BYTES (the contract's value). Tests lower it. */
  maxPageBytes?: number;
  logLevel?: LogLevel;
  /** Append the log to this file instead of standard error. */
  logFile?: string;
  /** scrypt N for new hashes. Tests only: production must keep the OWASP default. */
  scryptCost?: number;
  /** How often to look for membership and password changes made by the admin CLI (ms). */
  adminPollMs?: number;
  rateLimit?: {
    /** Socket requests per second per user, across all their sockets (token bucket refill). */
    perSecond?: number;
    /** Socket requests allowed in a burst, per user. */
    burst?: number;
    /** Open sockets per user (default 10) and per token (default 5); more are refused at the handshake. */
    connectionsPerUser?: number;
    connectionsPerToken?: number;
    /** Requests waiting on one connection (default 64); more answer RATE_LIMITED. */
    requestsQueued?: number;
    /** Failed logins of one account from one client address within the window before 429 (default 5). */
    loginMaxFailures?: number;
    /** Failed logins of one account from all addresses within the window before 429 (default 50). */
    loginMaxFailuresPerAccount?: number;
    /** Failed logins from one client address after which its attempts are slowed down (default 20). */
    loginMaxFailuresPerAddress?: number;
    /** The delay of a slowed-down attempt (default 1000 ms). */
    loginSlowdownMs?: number;
    loginWindowMs?: number;
    /** Password checks running at once (default 2) and waiting (default 16); more answer 429. */
    loginConcurrency?: number;
    loginQueue?: number;
  };
  /**
   * Which peers are proxies whose X-Forwarded-For names the real client: a hop count or a list of
   * addresses/CIDRs (`--trust-proxy`). Unset: the header is ignored.
   */
  trustProxy?: string;
  /**
   * How often the retention purge runs (ms, default an hour; `--retention-interval`); 0 runs none on
   * a schedule (tests call `retention.runPass`). On several nodes, one at a time purges (a lease).
   */
  retentionIntervalMs?: number;
  /** Messages the purge removes per unit of work (default 200). */
  retentionBatchSize?: number;
  /** How often the team pulse rollup is refreshed (ms, default an hour); 0 schedules none. */
  pulseRollupIntervalMs?: number;
  /** Longest silence on a bot API stream before a keep-alive line (default 25 s; at most 30 s). Tests lower it. */
  apiKeepAliveMs?: number;
  /** Presence heartbeat, expiry and push coalescing (docs/server.md, "Presence"). Tests shorten them. */
  presence?: PresenceOptions;
  /** How long typing signals are gathered before one push per stream (default TYPING_FLUSH_MS). */
  typingFlushMs?: number;
}

/** The bot API's keep-alive: Flowdock's clients expect one at least every 30 s. */
const DEFAULT_API_KEEP_ALIVE_MS = 25_000;

/** A started server. */
export interface RunningServer {
  /** e.g. http://127.0.0.1:4600 */
  url: string;
  port: number;
  /** Organization administration that reaches connected sockets (membership, password resets). */
  admin: AdminService;
  /** The storage behind the unit of work (tests and tools read through it). */
  store: Store;
  io: IoServer;
  log: Logger;
  /** The scheduled retention purge of this node. */
  retention: RetentionJob;
  /** The scheduled refresh of the team pulse rollup of this node. */
  pulseRollup: PulseRollupJob;
  /** Closes sockets, then the HTTP server, then the store (after the units already queued). Safe to call twice. */
  close(): Promise<void>;
}

/** Opens the store (SQLite, or PostgreSQL with `database`), seeds the demo if asked, and listens for HTTP and socket.io. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const maxBodyChars = options.maxBodyChars ?? DEFAULT_MAX_BODY_CHARS;
  // NaN (e.g. `--max-body-chars abc`) would silently disable the limit: `length > NaN` is never true.
  if (!Number.isSafeInteger(maxBodyChars) || maxBodyChars < 1)
    throw new Error(`maxBodyChars must be a positive integer, got ${String(options.maxBodyChars)}`);
  const clientAddress = clientAddressResolver(options.trustProxy);
  const log = options.logFile
    ? fileLogger(options.logLevel ?? 'info', options.logFile)
    : createLogger(options.logLevel ?? 'info');
  const target = storageTarget(options);
  const store = await openStore(target, {
    ...(options.groupCommit !== undefined ? { groupCommit: options.groupCommit } : {}),
    ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
    onWarning: (message) => log.warn(message),
  });
  log.info('storage', { engine: store.engine, location: store.location });
  const scryptCost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
  try {
    if (options.demo && (await seedDemo(store, { scryptCost, log }))) log.info('demo organization seeded');
  } catch (error) {
    await store.close();
    throw error;
  }
  let sink: EffectSink = () => undefined;
  const rate = options.rateLimit ?? {};
  const d = DEFAULT_LOGIN_LIMITS;
  const shared = options.sharedLimits ?? store.engine === 'postgres';
  const guard = new LoginGuard(
    {
      maxFailuresPerAccountAddress: rate.loginMaxFailures ?? d.maxFailuresPerAccountAddress,
      maxFailuresPerAccount: rate.loginMaxFailuresPerAccount ?? d.maxFailuresPerAccount,
      maxFailuresPerAddress: rate.loginMaxFailuresPerAddress ?? d.maxFailuresPerAddress,
      slowdownMs: rate.loginSlowdownMs ?? d.slowdownMs,
      windowMs: rate.loginWindowMs ?? d.windowMs,
      hashConcurrency: rate.loginConcurrency ?? d.hashConcurrency,
      hashQueue: rate.loginQueue ?? d.hashQueue,
    },
    shared
      ? (maxFailures, windowMs, name) => new StoredFailureCounter(store, name, { maxFailures, windowMs })
      : undefined,
  );
  const auth = createAuthRoutes({ store, log, scryptCost, sink: () => sink, guard, clientAddress });
  const socketRate = {
    perSecond: rate.perSecond ?? DEFAULT_SOCKET_RATE.perSecond,
    burst: rate.burst ?? DEFAULT_SOCKET_RATE.burst,
  };
  // One budget per user for their sockets and their bots' API requests alike.
  const budgets = new UserBudgets(socketRate, syncRateFor(socketRate), {
    perUser: rate.connectionsPerUser ?? DEFAULT_CONNECTION_CAPS.perUser,
    perToken: rate.connectionsPerToken ?? DEFAULT_CONNECTION_CAPS.perToken,
  });
  const fileStore = fileStoreFor(store, target.engine === 'sqlite' && options.dataDir ? options.dataDir : null);
  const janitor = new FileJanitor(store, fileStore, log);
  const fileRoutes = createFileRoutes({ store, files: fileStore, budgets, log });
  const photoRoutes = createPhotoRoutes({ store, files: fileStore, budgets, log, sink: () => sink });
  const config = {
    maxBodyChars,
    maxPageBytes: options.maxPageBytes ?? MAX_PAGE_BYTES,
    typingBudget: new TypingBudgets(),
    scryptCost,
    // the admin console's new passwords are hashed in the pool logins use, before any unit of work
    hashPassword: (password: string) => guard.check(() => hashPassword(password, scryptCost)),
  };
  const hub = new FlowStreamHub();
  const flowdock = createFlowdockRouter({
    store,
    log,
    config,
    budgets,
    verifyCredentials: auth.verifyCredentials,
    clientAddress,
    sink: () => sink,
    hub,
    keepAliveMs: Math.min(options.apiKeepAliveMs ?? DEFAULT_API_KEEP_ALIVE_MS, 30_000),
  });
  const httpServer = createHttpServer(
    {
      'POST /api/login': auth.login,
      'POST /api/logout': auth.logout,
      'GET /api/export': createExportRoute({ store, files: fileStore, log }),
      'GET /api/health': (_req, res) => sendJson(res, 200, { ok: true, time: Date.now() }),
      // Login screens offer the demo accounts only where they exist: on a server started with --demo.
      'GET /api/info': async (_req, res) =>
        sendJson(res, 200, {
          ok: true,
          demo: options.demo === true,
          maxFileBytes: await store.withTransaction((tx) => serverMaxFileBytes(tx), { readOnly: true }),
        } satisfies ServerInfo),
    },
    log,
    (req, res) => fileRoutes(req, res) || photoRoutes(req, res) || flowdock(req, res),
  );
  const cluster = openClusterBroadcast(target, (message) => log.warn(message));
  let presence: PresenceTracker | null = null;
  const io = createSocketServer(httpServer, {
    store,
    log,
    config,
    rate: socketRate,
    budgets,
    gate: { ...DEFAULT_GATE, maxQueued: rate.requestsQueued ?? DEFAULT_GATE.maxQueued },
    sink: () => sink,
    onConnected: (socket, userId) => presence?.track(socket, userId),
    ...(cluster ? { adapter: cluster.adapter } : {}),
    ...(shared
      ? { sharedBudgets: new StoredRequestBudgets(store, { general: socketRate, catchUp: syncRateFor(socketRate) }) }
      : {}),
  });
  // one per node: a node pushes the typing its own sockets signal (to every node, through the adapter)
  const typing = new TypingCoalescer(io, options.typingFlushMs);
  const broadcast = createBroadcaster(io, typing);
  const tracker = new PresenceTracker(io, store, log, options.presence);
  presence = tracker;
  sink = (effects) => {
    // a deleted or purged message's files: their bytes go now that the deletion has committed
    if (effects.events.some((e) => e.type === 'message:deleted' || e.type === 'messages:purged'))
      janitor.reap().catch((error: unknown) =>
        // the next deletion or retention pass tries again: the database still lists the bytes to remove
        log.warn('file clean-up failed', { error: error instanceof Error ? error.message : String(error) }),
      );
    broadcast(effects);
    hub.deliver(effects);
    tracker.touch(effects.presence, true);
  };
  const admin = new AdminService(store, { scryptCost, sink: (effects) => sink(effects), origin: 'server' });
  // Every node follows the audit trail itself, so what it finds goes to its own sockets (and its own
  // API streams) only. Half a second: a CLI change reaches clients within 1 s (docs/governance.md).
  const toLocalSockets = createBroadcaster(io.local, typing);
  const tail = await startAdminTail(
    store,
    (effects) => {
      toLocalSockets(effects);
      hub.deliver(effects);
    },
    options.adminPollMs ?? 500,
    log,
  );

  const retention = startRetentionJob(store, {
    intervalMs: options.retentionIntervalMs ?? DEFAULT_RETENTION_INTERVAL_MS,
    ...(options.retentionBatchSize !== undefined ? { batchSize: options.retentionBatchSize } : {}),
    sink: (effects) => sink(effects),
    log,
    afterPass: (now) => janitor.sweepUnattached(now).then(() => janitor.reap()),
  });
  const pulseRollup = startPulseRollupJob(store, {
    intervalMs: options.pulseRollupIntervalMs ?? DEFAULT_PULSE_ROLLUP_INTERVAL_MS,
    log,
  });

  const host = options.host ?? '127.0.0.1';
  try {
    // a node hears the others before it takes its first client
    await cluster?.ready();
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? DEFAULT_SERVER_PORT, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    tail.stop();
    await retention.stop();
    await pulseRollup.stop();
    typing.close();
    await tracker.close();
    await new Promise<void>((resolve) => {
      void io.close(() => resolve());
    });
    await cluster?.close();
    await store.close();
    throw error;
  }
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_SERVER_PORT);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('listening', { url });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      tail.stop();
      await retention.stop();
      await pulseRollup.stop();
      hub.endAll('server closing');
      typing.close();
      // before the sockets close: their streams hear at once that this node's users went offline
      await tracker.close();
      // this node's sockets only: through the adapter, io.disconnectSockets would end every node's
      io.local.disconnectSockets(true);
      // io.close() also closes the HTTP server it is attached to.
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      httpServer.closeAllConnections();
      await cluster?.close();
      await store.close();
      log.info('closed');
    })();
    return closing;
  };
  return { url, port, admin, store, io, log, retention, pulseRollup, close };
}

import { join } from 'node:path';
import type { Server as IoServer } from 'socket.io';
import { DEFAULT_MAX_BODY_CHARS, DEFAULT_SERVER_PORT, MAX_PAGE_BYTES } from '../shared/protocol/index';
import { AdminService } from './admin/admin.service';
import { createAuthRoutes } from './auth/auth.http';
import { DEFAULT_SCRYPT_COST } from './auth/passwords';
import { DEFAULT_LOGIN_LIMITS, LoginGuard } from './auth/loginGuard';
import { openDatabase, type Db } from './db/database';
import { seedDemo } from './demo/seed';
import type { EffectSink } from './domain/effects';
import { clientAddressResolver } from './http/clientAddress';
import { createHttpServer } from './http/httpServer';
import { sendJson } from './http/respond';
import { createLogger, fileLogger, type LogLevel, type Logger } from './logger';
import { startAdminTail } from './socket/adminTail';
import { createBroadcaster } from './socket/broadcaster';
import { DEFAULT_SOCKET_RATE } from './socket/rateLimiter';
import { DEFAULT_GATE } from './socket/requestGate';
import { createSocketServer } from './socket/socketServer';
import { DEFAULT_CONNECTION_CAPS } from './socket/userBudgets';

/** How to run a server. */
export interface ServerOptions {
  /** Folder holding tributary.db; created if missing. */
  dataDir: string;
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
}

/** A started server. */
export interface RunningServer {
  /** e.g. http://127.0.0.1:4600 */
  url: string;
  port: number;
  /** Organization administration that reaches connected sockets (membership, password resets). */
  admin: AdminService;
  db: Db;
  io: IoServer;
  log: Logger;
  /** Closes sockets, then the HTTP server, then the database. Safe to call twice. */
  close(): Promise<void>;
}

/** The database file inside a data folder. */
export const databaseFile = (dataDir: string): string => join(dataDir, 'tributary.db');

/** Opens the database, seeds the demo if asked, and listens for HTTP and socket.io. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const maxBodyChars = options.maxBodyChars ?? DEFAULT_MAX_BODY_CHARS;
  // NaN (e.g. `--max-body-chars abc`) would silently disable the limit: `length > NaN` is never true.
  if (!Number.isSafeInteger(maxBodyChars) || maxBodyChars < 1)
    throw new Error(`maxBodyChars must be a positive integer, got ${String(options.maxBodyChars)}`);
  const clientAddress = clientAddressResolver(options.trustProxy);
  const log = options.logFile
    ? fileLogger(options.logLevel ?? 'info', options.logFile)
    : createLogger(options.logLevel ?? 'info');
  const db = openDatabase(databaseFile(options.dataDir));
  const scryptCost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
  try {
    if (options.demo && (await seedDemo(db, { scryptCost, log }))) log.info('demo organization seeded');
  } catch (error) {
    db.close();
    throw error;
  }
  let sink: EffectSink = () => undefined;
  const rate = options.rateLimit ?? {};
  const d = DEFAULT_LOGIN_LIMITS;
  const guard = new LoginGuard({
    maxFailuresPerAccountAddress: rate.loginMaxFailures ?? d.maxFailuresPerAccountAddress,
    maxFailuresPerAccount: rate.loginMaxFailuresPerAccount ?? d.maxFailuresPerAccount,
    maxFailuresPerAddress: rate.loginMaxFailuresPerAddress ?? d.maxFailuresPerAddress,
    slowdownMs: rate.loginSlowdownMs ?? d.slowdownMs,
    windowMs: rate.loginWindowMs ?? d.windowMs,
    hashConcurrency: rate.loginConcurrency ?? d.hashConcurrency,
    hashQueue: rate.loginQueue ?? d.hashQueue,
  });
  const auth = createAuthRoutes({ db, log, scryptCost, sink: () => sink, guard, clientAddress });
  const httpServer = createHttpServer(
    {
      'POST /api/login': auth.login,
      'POST /api/logout': auth.logout,
      'GET /api/health': (_req, res) => sendJson(res, 200, { ok: true, time: Date.now() }),
    },
    log,
  );
  const io = createSocketServer(httpServer, {
    db,
    log,
    config: { maxBodyChars, maxPageBytes: options.maxPageBytes ?? MAX_PAGE_BYTES },
    rate: {
      perSecond: rate.perSecond ?? DEFAULT_SOCKET_RATE.perSecond,
      burst: rate.burst ?? DEFAULT_SOCKET_RATE.burst,
    },
    connections: {
      perUser: rate.connectionsPerUser ?? DEFAULT_CONNECTION_CAPS.perUser,
      perToken: rate.connectionsPerToken ?? DEFAULT_CONNECTION_CAPS.perToken,
    },
    gate: { ...DEFAULT_GATE, maxQueued: rate.requestsQueued ?? DEFAULT_GATE.maxQueued },
    sink: () => sink,
  });
  sink = createBroadcaster(io, db, log);
  const admin = new AdminService(db, { scryptCost, sink: (effects) => sink(effects), origin: 'server' });
  const tail = startAdminTail(db, (effects) => sink(effects), options.adminPollMs ?? 1000);

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? DEFAULT_SERVER_PORT, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    io.close();
    db.close();
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
      io.disconnectSockets(true);
      // io.close() also closes the HTTP server it is attached to.
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      httpServer.closeAllConnections();
      db.close();
      log.info('closed');
    })();
    return closing;
  };
  return { url, port, admin, db, io, log, close };
}

// Shared helpers for tests that need a real sync server: fresh storage on this run's engine (a temp
// SQLite folder or a fresh PostgreSQL database, see storage.ts), ephemeral port, cheap scrypt.
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import type {
  SocketRequest,
  SocketRequestName,
  SocketResponse,
  Stream,
  User,
  Organization,
  ApiError,
} from '../../shared/protocol/index';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app';
import type { Sql } from '../../server/db/sql';
import type { Tx } from '../../server/db/store';
import { createTestStorage, type TestStorage } from './storage';

export type { ClientSocket };
export { DEMO_ORG, DEMO_TEAMS } from '../../server/demo/seed';
export { DEMO_PASSWORD };

/** scrypt N used by test servers: fast, and never the production default. */
export const TEST_SCRYPT_COST = 1024;

/** A server on a free port with its own storage. */
export interface TestServer {
  url: string;
  port: number;
  /** Where its data lives (the admin CLI reaches it with `storage.cliArgs`). */
  storage: TestStorage;
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * Starts a server for one test file (demo seeded unless demo:false) on fresh storage of this run's
 * engine, or on `storage` (kept on close: its owner disposes of it); close() drops fresh storage.
 */
export async function startTestServer(
  opts: {
    demo?: boolean;
    maxBodyChars?: number;
    maxPageBytes?: number;
    rateLimit?: ServerOptions['rateLimit'];
    storage?: TestStorage;
    adminPollMs?: number;
    trustProxy?: string;
    scryptCost?: number;
    apiKeepAliveMs?: number;
    sharedLimits?: boolean;
    presence?: ServerOptions['presence'];
    typingFlushMs?: number;
  } = {},
): Promise<TestServer> {
  const storage = opts.storage ?? (await createTestStorage());
  const server = await startServer({
    ...storage.options,
    port: 0,
    demo: opts.demo ?? true,
    logLevel: 'silent',
    scryptCost: opts.scryptCost ?? TEST_SCRYPT_COST,
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
    ...(opts.maxBodyChars !== undefined ? { maxBodyChars: opts.maxBodyChars } : {}),
    ...(opts.maxPageBytes !== undefined ? { maxPageBytes: opts.maxPageBytes } : {}),
    ...(opts.rateLimit !== undefined ? { rateLimit: opts.rateLimit } : {}),
    ...(opts.adminPollMs !== undefined ? { adminPollMs: opts.adminPollMs } : {}),
    ...(opts.apiKeepAliveMs !== undefined ? { apiKeepAliveMs: opts.apiKeepAliveMs } : {}),
    ...(opts.sharedLimits !== undefined ? { sharedLimits: opts.sharedLimits } : {}),
    ...(opts.presence !== undefined ? { presence: opts.presence } : {}),
    ...(opts.typingFlushMs !== undefined ? { typingFlushMs: opts.typingFlushMs } : {}),
  }).catch(async (error: unknown) => {
    if (opts.storage === undefined) await storage.dispose();
    throw error;
  });
  return {
    url: server.url,
    port: server.port,
    storage,
    server,
    async close() {
      await server.close();
      if (opts.storage === undefined) await storage.dispose();
    },
  };
}

/** Logs in over HTTP; throws with the server's error code on failure. */
export async function login(
  url: string,
  email: string,
  password: string = DEMO_PASSWORD,
): Promise<{ token: string; user: User; org: Organization; expiresAt: number }> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as {
    token: string;
    user: User;
    org: Organization;
    expiresAt: number;
    error?: ApiError;
  };
  if (!res.ok) throw new Error(`login ${email} failed: ${res.status} ${body.error?.code ?? ''}`);
  return body;
}

/** Opens a socket authenticated with the token; resolves once connected, rejects on connect_error. */
export function connect(url: string, token: string | null): Promise<ClientSocket> {
  const socket = io(url, {
    auth: token === null ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Any ack: success fields or the error. */
export type AckOf<N extends SocketRequestName> = ({ ok: true } & SocketResponse<N>) | { ok: false; error: ApiError };

/** Sends one request and resolves with its ack (10 s timeout). */
export function request<N extends SocketRequestName>(
  socket: ClientSocket,
  name: N,
  payload: SocketRequest<N> | unknown,
): Promise<AckOf<N>> {
  return socket.timeout(10_000).emitWithAck(name, payload) as Promise<AckOf<N>>;
}

/** Sends a request that must succeed; throws with the error code otherwise. */
export async function ok<N extends SocketRequestName>(
  socket: ClientSocket,
  name: N,
  payload: SocketRequest<N>,
): Promise<SocketResponse<N>> {
  const ack = await request(socket, name, payload);
  if (!ack.ok) throw new Error(`${name} failed: ${ack.error.code} ${ack.error.message}`);
  return ack;
}

/** Logs in and connects in one go. */
export async function loginAndConnect(
  url: string,
  email: string,
  password?: string,
): Promise<{ socket: ClientSocket; token: string; user: User }> {
  const session = await login(url, email, password);
  return { socket: await connect(url, session.token), token: session.token, user: session.user };
}

/** Logs in and connects demo users by first name (`alice` → alice@acme.test), in the order given. */
export async function connectDemoUsers<const N extends readonly string[]>(
  url: string,
  names: N,
): Promise<{ [K in keyof N]: ClientSocket }> {
  const sessions = await Promise.all(names.map((n) => loginAndConnect(url, `${n}@acme.test`)));
  return sessions.map((s) => s.socket) as { [K in keyof N]: ClientSocket };
}

/** A stream the socket's user can read, by name (the org-wide stream is named after the org). */
export async function streamNamed(socket: ClientSocket, name: string): Promise<Stream> {
  const stream = (await ok(socket, 'hello', {})).streams.find((s) => s.name === name);
  if (!stream) throw new Error(`no stream named ${name} for this user`);
  return stream;
}

/** Collects pushes of one name on a socket, for assertions. */
export function collect<T = unknown>(socket: ClientSocket, name: string): T[] {
  const seen: T[] = [];
  socket.on(name, (payload: T) => seen.push(payload));
  return seen;
}

/** Waits until a predicate holds (polling), failing after `ms`. */
export async function waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Proves that something did NOT arrive, without guessing a delay: runs `trigger`, which must make the
 * server push a later sentinel to `socket` (the first `name` push that `isSentinel` accepts), and
 * resolves once it came. The server writes to one socket in order, so whatever it emitted to this
 * socket before the sentinel has arrived by then: a collector still empty now stays empty.
 */
export async function afterSentinel<T>(
  socket: ClientSocket,
  name: string,
  isSentinel: (payload: T) => boolean,
  trigger: () => Promise<unknown>,
): Promise<void> {
  const seen = collect<T>(socket, name);
  await trigger();
  await waitFor(() => seen.some(isSentinel));
}

/** Reads through the server's own repositories, as a request would (committed data only). */
export function readStore<T>(ts: TestServer, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ts.server.store.withTransaction(work, { readOnly: true });
}

/** Raw SQL on the server's storage (the same text runs on both engines: `?` placeholders). */
export function rawSql<T>(ts: TestServer, work: (sql: Sql) => Promise<T>): Promise<T> {
  return ts.server.store.withSql(work);
}

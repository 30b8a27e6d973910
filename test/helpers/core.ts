// Helpers for client-core tests: temp data dirs, signed-in cores, waiting on pushes and cache state.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { AdminService } from '../../server/admin/admin.service';
import { startServer } from '../../server/app';
import { cacheFile } from '../../main/core/account';
import { listAllInStream } from '../../main/core/cache/messages';
import { connect as connectCache, type Db } from '../../main/core/cache/database';
import { cacheKeySecret, defaultSecretsDir, type SecretStore } from '../../main/core/secrets';
import type { Message } from '../../shared/protocol/entities';
import { TEST_SCRYPT_COST, loginAndConnect, ok } from './server';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import {
  ipcPushes,
  ipcRequests,
  type IpcChannel,
  type IpcPush,
  type IpcPushName,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  type SyncStatus,
  type TributaryApi,
} from '../../shared/ipc/contract';
import { createClientCore, type ClientCore, type ClientCoreOptions } from '../../main/core/index';

/** A fresh temp folder for one core's data. */
export function tempDataDir(prefix = 'tributary-core-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A core under test plus the pushes it has made. */
export interface TestCore {
  core: ClientCore;
  dataDir: string;
  statuses: SyncStatus[];
  changes: IpcPush<'data:changed'>[];
  notifications: IpcPush<'notification'>[];
  /** Invokes a channel that must succeed; throws with the error code otherwise. */
  call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>>;
  /** Resolves once the latest status matches. */
  waitForState(state: SyncStatus['state'], ms?: number): Promise<void>;
}

/** Creates a core (resuming any saved session in dataDir) and records its pushes. */
export function openCore(dataDir: string, extra: Partial<ClientCoreOptions> = {}): TestCore {
  const core = createClientCore({
    dataDir,
    defaults: { serverUrl: 'http://127.0.0.1:4600', demoAccounts: [] },
    reconnect: { minDelayMs: 20, maxDelayMs: 300 },
    ...extra,
  });
  const statuses: SyncStatus[] = [];
  const changes: IpcPush<'data:changed'>[] = [];
  const notifications: IpcPush<'notification'>[] = [];
  // pushes are checked against the contract too
  core.on('sync:status', (s) => statuses.push(ipcPushes['sync:status'].parse(s)));
  core.on('data:changed', (c) => changes.push(ipcPushes['data:changed'].parse(c)));
  core.on('notification', (n) => notifications.push(ipcPushes.notification.parse(n)));
  const t: TestCore = {
    core,
    dataDir,
    statuses,
    changes,
    notifications,
    async call(channel, request) {
      const res = await core.invoke(channel, request);
      if (!res.ok) throw new Error(`${channel} failed: ${res.error.code} ${res.error.message}`);
      // every answer must match the contract the renderer is typed by
      const checked = ipcRequests[channel].response.safeParse(res.value);
      if (!checked.success) throw new Error(`${channel} answered outside the contract: ${checked.error.message}`);
      return res.value;
    },
    waitForState: (state, ms = 10_000) =>
      waitUntil(() => statuses[statuses.length - 1]?.state === state, ms, `state ${state}`),
  };
  return t;
}

/**
 * Invokes with whatever a hostile or broken page might send (any channel name, any payload), past
 * the contract's types: what the hosts hand the core when they forward a page's frame.
 */
export function invokeUntyped(api: TributaryApi, channel: string, request: unknown): Promise<IpcResult<IpcChannel>> {
  return (api.invoke as (channel: string, request: unknown) => Promise<IpcResult<IpcChannel>>)(channel, request);
}

/** Creates a core in a new (or given) data dir, logs in and waits until it is live. */
export async function signedInCore(
  url: string,
  email: string,
  dataDir = tempDataDir(),
  extra: Partial<ClientCoreOptions> = {},
): Promise<TestCore> {
  const t = openCore(dataDir, extra);
  await t.call('session:login', { serverUrl: url, email, password: DEMO_PASSWORD });
  await t.waitForState('live');
  // the login's own data:changed push leaves one event-loop turn later (ChangeCoalescer): let it go
  // now, so that what a test does next is announced in pushes of its own
  await new Promise((resolve) => setImmediate(resolve));
  return t;
}

/** Polls until the (possibly async) predicate holds; fails with `what` after `ms`. */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  ms = 10_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`waitUntil: ${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** The id of a stream by name, read through the core. */
export async function streamIdByName(t: TestCore, name: string): Promise<string> {
  const { streams } = await t.call('stream:list', {});
  const s = streams.find((x) => x.name === name);
  if (!s) throw new Error(`stream ${name} not in ${streams.map((x) => x.name).join(', ')}`);
  return s.id;
}

/** Sends through the core and waits until the server has placed it (sent, with a seq); resolves its id. */
export async function sendAndWaitSent(t: TestCore, streamId: string, body: string): Promise<string> {
  const { clientId } = await t.call('message:send', { streamId, body });
  let id = '';
  await waitUntil(
    async () => {
      const m = (await t.call('message:list', { streamId })).messages.find((x) => x.clientId === clientId);
      if (m?.status === 'sent' && m.seq > 0) id = m.id;
      return id !== '';
    },
    10_000,
    `"${body}" acknowledged`,
  );
  return id;
}

/** Alice, bob and carol of the demo organization signed in on their own cores, with Design's and Acme's ids. */
export async function signedInAcme(url: string): Promise<{
  alice: TestCore;
  bob: TestCore;
  carol: TestCore;
  design: string;
  acme: string;
}> {
  const [alice, bob, carol] = await Promise.all(
    ['alice', 'bob', 'carol'].map((name) => signedInCore(url, `${name}@acme.test`)),
  );
  return {
    alice: alice!,
    bob: bob!,
    carol: carol!,
    design: await streamIdByName(bob!, 'Design'),
    acme: await streamIdByName(carol!, 'Acme'),
  };
}

/** Waits for a push of a given name (any payload). */
export function nextPush<N extends IpcPushName>(core: ClientCore, name: N, ms = 10_000): Promise<IpcPush<N>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} push within ${ms} ms`)), ms);
    const off = core.on(name, (p) => {
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

/** A server that can be stopped and started again on the same data dir and port. */
export interface RestartableServer {
  url: string;
  port: number;
  dataDir: string;
  running: boolean;
  /** The running server's admin service (throws while stopped). */
  admin(): AdminService;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Starts a demo server on a free port that can later restart on that same port. */
export async function restartableServer(dataDir = tempDataDir('tributary-server-')): Promise<RestartableServer> {
  let running: Awaited<ReturnType<typeof startServer>> | null;
  const options = (port: number) => ({
    dataDir,
    port,
    demo: true,
    logLevel: 'silent' as const,
    scryptCost: TEST_SCRYPT_COST,
    rateLimit: { perSecond: 10_000, burst: 10_000 },
  });
  running = await startServer(options(0));
  const port = running.port;
  const s: RestartableServer = {
    url: running.url,
    port,
    dataDir,
    get running() {
      return running !== null;
    },
    admin() {
      if (!running) throw new Error('the server is stopped');
      return running.admin;
    },
    async stop() {
      await running?.close();
      running = null;
    },
    async start() {
      if (running) return;
      running = await startServer(options(port));
    },
  };
  return s;
}

/**
 * One restartable demo server for the whole test file: registers the file's beforeAll (start) and
 * afterAll (stop, folder removed) and returns its getter, valid inside tests and later hooks.
 */
export function useRestartableServer(): () => RestartableServer {
  let server: RestartableServer | undefined;
  beforeAll(async () => {
    server = await restartableServer();
  });
  // registered first, so it runs after the file's other afterAll hooks (cores close before the server)
  afterAll(async () => {
    await server?.stop();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!server) throw new Error('the restartable server is not started (use it inside a test or hook)');
    return server;
  };
}

/** The server's truth for one stream, read with a raw socket: every message's final state in seq order. */
export async function serverStreamState(url: string, email: string, streamId: string): Promise<Message[]> {
  const { socket } = await loginAndConnect(url, email);
  try {
    // The server's materialized state (what every applied log converges to), paged newest first.
    const byId = new Map<string, Message>();
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const page = await ok(socket, 'history', { streamId, beforeSeq: before, limit: 500 });
      for (const m of page.messages) {
        byId.set(m.id, m);
        before = Math.min(before, m.seq);
      }
      if (!page.hasMore || page.messages.length === 0) break;
    }
    return [...byId.values()].sort((a, b) => a.seq - b.seq);
  } finally {
    socket.close();
  }
}

/** A loopback TCP proxy whose connections can all be cut at once. */
export interface ChaosProxy {
  url: string;
  port: number;
  /** Destroys every piped connection; returns how many were cut. */
  cutAll(): number;
  close(): Promise<void>;
}

/** Starts a TCP proxy on 127.0.0.1 that pipes every connection to the target port. */
export async function startChaosProxy(targetPort: number): Promise<ChaosProxy> {
  const live = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    live.add(client);
    live.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      live.delete(client);
      live.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    cutAll() {
      const n = live.size;
      for (const s of [...live]) s.destroy();
      live.clear();
      return n;
    },
    close() {
      for (const s of [...live]) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The key of an account's cache, as the default (file) secret store of a core's data folder keeps it. */
export function cacheKeyOf(dataDir: string, userId: string): string {
  return readFileSync(join(defaultSecretsDir(dataDir), cacheKeySecret(userId)), 'utf8');
}

/** Opens a closed core's account cache directly (with its key), read-only unless asked otherwise. */
export function openAccountCache(dataDir: string, userId: string, options: { readonly?: boolean } = {}): Db {
  return connectCache(
    cacheFile(dataDir, userId),
    { readonly: options.readonly ?? true, fileMustExist: true },
    { key: cacheKeyOf(dataDir, userId) },
  );
}

/** Reads every cached message of a stream straight from a closed core's cache file. */
export async function cachedStream(dataDir: string, userId: string, streamId: string): Promise<Message[]> {
  const db = openAccountCache(dataDir, userId);
  try {
    return listAllInStream(db, streamId);
  } finally {
    db.close();
  }
}

/** A secret store in memory whose content a test can read and change. */
export function memorySecretStore(protection: SecretStore['protection'] = 'file'): SecretStore & {
  entries: Map<string, string>;
} {
  const entries = new Map<string, string>();
  return {
    protection,
    entries,
    get: async (name) => entries.get(name) ?? null,
    set: async (name, value) => {
      entries.set(name, value);
    },
    delete: async (name) => {
      entries.delete(name);
    },
  };
}

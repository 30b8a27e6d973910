import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdirSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { BRIDGE_ENDPOINT, BRIDGE_UNAUTHORIZED_CLOSE } from '../../shared/ipc/bridge';
import { createClientCore, type ClientCore, type ClientCoreOptions, type CoreLogger } from '../core/index';
import {
  hostAllowed,
  originAllowed,
  PageSessions,
  readCookie,
  sessionCookie,
  sessionCookieName,
  tokenMatches,
} from './auth';
import { attachBridge } from './bridgeSocket';
import { loadIdentity, MAX_REMEMBERED_SESSIONS, saveIdentity } from './identity';
import { buildContentSecurityPolicy, securityHeaders } from '../host/csp';
import { resolveAsset, sendFile, sendText } from '../host/staticFiles';

/*
 * The browser host: the renderer bundle over loopback HTTP plus the IPC contract over a WebSocket to
 * the one client core of its data folder (as the desktop app has one per user). For development and
 * Chromium E2E where the Electron binary is unavailable; it is never reachable from another machine
 * or another site.
 */

/** The login prefill the core gets. */
export type CoreDefaults = ClientCoreOptions['defaults'];

/** Builds the host's client core (tests tune reconnect delays or count listeners). */
export type CoreFactory = (options: {
  dataDir: string;
  defaults: CoreDefaults;
  logger?: CoreLogger;
  about?: NonNullable<ClientCoreOptions['about']>;
  chooseExportFile?: ClientCoreOptions['chooseExportFile'];
}) => ClientCore | Promise<ClientCore>;

export interface BrowserHostOptions {
  /**
   * The port to listen on, exactly (0: any free port). Absent: the port of the last launch from this
   * data folder, else `preferredPort`, else any free port, so a restart usually keeps open tabs working.
   */
  port?: number;
  /** The port to try first when `port` is absent and no earlier launch left one. */
  preferredPort?: number;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** The host's data: the client core's folder (client/) and the host's identity (host.json). */
  dataDir: string;
  defaults: CoreDefaults;
  /** Builds the client core; default: the real `createClientCore` (tests tune its reconnect delays). */
  createCore?: CoreFactory;
  /** Where the core logs (the CLI passes a file logger). */
  logger?: CoreLogger;
  /** What the core says about the app on the settings screen (the logs folder, versions). */
  about?: NonNullable<ClientCoreOptions['about']>;
  /**
   * Where compliance exports are saved (a page cannot show a save dialog for the core): a new file
   * per export in this folder. Absent: the core's default (`client/exports`).
   */
  downloadsDir?: string;
  /** Up to 1 MiB per frame: a maximal message body fits, a flood does not. */
  maxFrameBytes?: number;
}

export interface BrowserHost {
  /** http://127.0.0.1:PORT/?token=… — the only way in; opening it redirects into the page folder. */
  url: string;
  token: string;
  port: number;
  /** `/app/<random>/`: where the page lives; its session cookie is sent nowhere else. */
  pagePath: string;
  /** The client core's data folder. */
  coreDataDir: string;
  close(): Promise<void>;
}

function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(() => ws.terminate(), 1000);
    ws.once('close', () => {
      clearTimeout(timer);
      done();
    });
    ws.close(1001, 'host shutting down');
  });
}

/** Listens on 127.0.0.1:port; resolves with the port, or rejects (EADDRINUSE …). */
function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolveListen(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

/** Starts the host on 127.0.0.1 and resolves once it listens. */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = resolve(options.rendererDir);
  const dataDir = resolve(options.dataDir);
  const identity = loadIdentity(dataDir);
  const { token, pagePath } = identity;
  let saving: Promise<void> = Promise.resolve();
  const persist = () => {
    // one write at a time, each with the state of its moment
    const snapshot = { ...identity, sessions: [...identity.sessions] };
    saving = saving.then(() => saveIdentity(dataDir, snapshot)).catch(() => undefined);
  };
  const pages = new PageSessions(identity.sessions, MAX_REMEMBERED_SESSIONS, (digests) => {
    identity.sessions = [...digests];
    persist();
  });
  const coreDataDir = join(dataDir, 'client');
  const createCore = options.createCore ?? ((o) => createClientCore(o));
  let core: Promise<ClientCore> | null = null;
  let closing: Promise<void> | null = null;
  /** The one core, created on the first page's connect; a failed start is forgotten so a retry can work. */
  const getCore = (): Promise<ClientCore> => {
    if (closing) return Promise.reject(new Error('browser host is closing'));
    core ??= Promise.resolve()
      .then(() =>
        createCore({
          dataDir: coreDataDir,
          defaults: options.defaults,
          ...(options.logger ? { logger: options.logger } : {}),
          ...(options.about ? { about: options.about } : {}),
          ...(options.downloadsDir !== undefined
            ? { chooseExportFile: downloadsFolderChooser(options.downloadsDir) }
            : {}),
        }),
      )
      .catch((error: unknown) => {
        core = null;
        throw error;
      });
    return core;
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? 1024 * 1024 });
  let port = 0;
  let headers: Record<string, string> = {};

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error', headers);
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) return sendText(res, 403, 'Forbidden host', headers);
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed', headers);
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!tokenMatches(url.searchParams.get('token'), token))
        return sendText(res, 403, 'Forbidden: open the URL the host printed', headers);
      // The token is exchanged for a page session; the redirect takes it out of the address bar.
      res.writeHead(303, {
        ...headers,
        'Set-Cookie': sessionCookie(pages.mint(), port, pagePath),
        Location: pagePath,
        'Cache-Control': 'no-store',
        'Content-Length': '0',
      });
      res.end();
      return;
    }
    if (!url.pathname.startsWith(pagePath)) return sendText(res, 404, 'Not found', headers);
    if (!pageAllowed(req)) return sendText(res, 403, 'Forbidden: open the URL the host printed', headers);
    const inPage = url.pathname.slice(pagePath.length - 1);
    const file = inPage === '/' ? join(rendererDir, 'index.html') : resolveAsset(rendererDir, inPage);
    if (file === null) return sendText(res, 404, 'Not found', headers);
    return sendFile(res, file, headers, method);
  }

  /** Whether a request carries a page session of this launch. */
  function pageAllowed(req: IncomingMessage): boolean {
    return pages.has(readCookie(req.headers.cookie, sessionCookieName(port)));
  }

  function refuse(socket: Duplex, status: number, text: string): void {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== `${pagePath}${BRIDGE_ENDPOINT}`) return refuse(socket, 404, 'Not Found');
    // Another site's page (or a rebound DNS name) never even gets a socket.
    if (!hostAllowed(req.headers.host, port) || !originAllowed(req.headers.origin, port))
      return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      // the browser sends the page-session cookie with the upgrade (same path); nothing else admits
      if (!pageAllowed(req)) return ws.close(BRIDGE_UNAUTHORIZED_CLOSE, 'unauthorized');
      // Frames that arrive while the core opens are held, not dropped.
      const early: Array<[Buffer, boolean]> = [];
      const hold = (data: Buffer, isBinary: boolean) => early.push([data, isBinary]);
      ws.on('message', hold);
      getCore().then(
        (core) => {
          ws.off('message', hold);
          // a page that left while its core was starting gets no listeners: nothing would remove them
          if (ws.readyState !== WebSocket.OPEN) return;
          attachBridge(ws, core);
          options.logger?.info('page connected', { clients: wss.clients.size });
          for (const [data, isBinary] of early) ws.emit('message', data, isBinary);
        },
        () => ws.close(1011, 'client core failed to start'),
      );
    });
  });

  if (options.port !== undefined) port = await listen(server, options.port);
  else {
    // the last launch's port first: tabs left open from it keep working
    const wanted = identity.port ?? options.preferredPort ?? 0;
    port = await listen(server, wanted).catch(() => listen(server, 0));
  }
  if (identity.port !== port) {
    identity.port = port;
    persist();
  }
  options.logger?.info('browser host started', { port });
  const csp = buildContentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
  headers = securityHeaders(csp);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    pagePath,
    coreDataDir,
    close() {
      closing ??= (async () => {
        // A clean 1001 lets pages show "host stopped"; stragglers are cut after a second.
        await Promise.all([...wss.clients].map((client) => closeSocket(client)));
        await new Promise<void>((done) => wss.close(() => done()));
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        const started = core;
        core = null;
        await started?.then((c) => c.close()).catch(() => undefined);
        await saving;
      })();
      return closing;
    },
  };
}

/** Saves each export as a new file in the downloads folder, named as the core suggests. */
function downloadsFolderChooser(folder: string): (name: string) => Promise<string> {
  return async (name) => {
    mkdirSync(folder, { recursive: true });
    return join(resolve(folder), name);
  };
}

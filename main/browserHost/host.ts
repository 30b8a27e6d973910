import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { BRIDGE_ENDPOINT, BRIDGE_UNAUTHORIZED_CLOSE } from '../../shared/ipc/bridge';
import { createClientCore } from '../core/index';
import {
  createToken,
  hostAllowed,
  originAllowed,
  PageSessions,
  readCookie,
  sessionCookie,
  sessionCookieName,
  sessionFolderName,
  tokenMatches,
} from './auth';
import { attachBridge } from './bridgeSocket';
import { buildContentSecurityPolicy, securityHeaders } from '../host/csp';
import { type CoreDefaults, type CoreFactory, SessionRegistry } from './sessions';
import { resolveAsset, sendFile, sendText } from '../host/staticFiles';

/*
 * The browser host: the renderer bundle over loopback HTTP plus the IPC contract over a WebSocket,
 * each page session bridged to its own client core. For development and Chromium E2E where the
 * Electron binary is unavailable; it is never reachable from another machine or another site.
 */

export interface BrowserHostOptions {
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Client data; each browser session gets dataDir/sessions/<hash>/. */
  dataDir: string;
  defaults: CoreDefaults;
  /** Builds a session's client core; default: the real `createClientCore` (tests tune its reconnect delays). */
  createCore?: CoreFactory;
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
  /** Live session cores (for tests of reuse). */
  sessionCount(): number;
  close(): Promise<void>;
}

const BRIDGE_POLICY_CLOSE = 1008;

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

/** Starts the host on 127.0.0.1 and resolves once it listens. */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = resolve(options.rendererDir);
  const token = createToken();
  // a folder no other local server knows: the page-session cookie is scoped to it
  const pagePath = `/app/${createToken()}/`;
  const pages = new PageSessions();
  const sessions = new SessionRegistry(
    resolve(options.dataDir),
    options.defaults,
    options.createCore ?? ((o) => createClientCore(o)),
  );
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
      const folder = sessionFolderName(url.searchParams.get('session'));
      if (folder === null) return ws.close(BRIDGE_POLICY_CLOSE, 'invalid session id');
      // Frames that arrive while the core opens are held, not dropped.
      const early: Array<[Buffer, boolean]> = [];
      const hold = (data: Buffer, isBinary: boolean) => early.push([data, isBinary]);
      ws.on('message', hold);
      sessions.get(folder).then(
        (core) => {
          ws.off('message', hold);
          // a page that left while its core was starting gets no listeners: nothing would remove them
          if (ws.readyState !== WebSocket.OPEN) return;
          attachBridge(ws, core);
          for (const [data, isBinary] of early) ws.emit('message', data, isBinary);
        },
        () => ws.close(1011, 'client core failed to start'),
      );
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  const csp = buildContentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
  headers = securityHeaders(csp);

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    pagePath,
    sessionCount: () => sessions.size,
    close() {
      closing ??= (async () => {
        // A clean 1001 lets pages show "host stopped"; stragglers are cut after a second.
        await Promise.all([...wss.clients].map((client) => closeSocket(client)));
        await new Promise<void>((done) => wss.close(() => done()));
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        await sessions.closeAll();
      })();
      return closing;
    },
  };
}

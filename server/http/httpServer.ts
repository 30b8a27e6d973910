import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { HttpError, sendJson } from './respond';

/** One HTTP route: method + exact path → async handler. */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Answers a request no exact route matched, or returns false to leave it to the JSON 404. */
export type FallbackRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * A plain node:http server for the few JSON routes. socket.io attaches to it and handles its own
 * path; a path no route knows goes to `fallback` (the bot API's own router), else a JSON 404. Errors
 * never leak stack traces.
 */
export function createHttpServer(routes: Record<string, Route>, log: Logger, fallback?: FallbackRoute): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/socket.io/')) return; // socket.io's own listener answers these
    const route = routes[`${req.method ?? 'GET'} ${path}`];
    if (!route) {
      if (fallback?.(req, res)) return;
      const known = Object.keys(routes).some((key) => key.endsWith(` ${path}`));
      sendJson(res, known ? 405 : 404, {
        error: { code: known ? 'INVALID' : 'NOT_FOUND', message: known ? 'method not allowed' : 'not found' },
      });
      return;
    }
    Promise.resolve()
      .then(() => route(req, res))
      .catch((error: unknown) => {
        if (res.headersSent) return;
        if (error instanceof HttpError) {
          const body =
            error.field === undefined
              ? { code: error.code, message: error.message }
              : { code: error.code, message: error.message, field: error.field };
          sendJson(res, error.status, { error: body }, error.headers);
          return;
        }
        log.error('http route failed', { path, error: error instanceof Error ? error.message : String(error) });
        sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
      });
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProtocolError } from '../../shared/protocol/index';
import type { FallbackRoute } from '../http/httpServer';
import { HttpError } from '../http/respond';
import { authenticate } from './auth';
import type { FlowdockDeps, FlowdockRoute } from './context';
import { findFlow, getFlow, listFlows } from './flows';
import {
  deleteMessage,
  editMessage,
  getMessage,
  listMessages,
  postComment,
  postFlowMessage,
  postMessage,
} from './messages';
import { readBody } from './input';
import { hasFlowToken, postWithFlowToken } from './integrationPosts';
import { findOrganization, getOrganization, listOrganizations } from './organizations';
import { PRIVATE_ROUTES } from './privates';
import { sendFlowdockError } from './respond';
import { createSource, deleteSource, getSource, listSources } from './sources';
import { openStream } from './stream';
import { getSelf, getUser, listUsers } from './users';

/** A path segment: anything but `/`, percent-decoded after matching. */
const SEG = '([^/]+)';

/** Every endpoint: method, path pattern, handler. The first pattern that matches the path wins. */
const ROUTES: Array<[method: string, path: RegExp, route: FlowdockRoute]> = [
  ['GET', /^\/flows$/, listFlows],
  ['GET', /^\/flows\/find$/, findFlow],
  ['GET', new RegExp(`^/flows/${SEG}/${SEG}$`), getFlow],
  ['GET', new RegExp(`^/flows/${SEG}/${SEG}/messages$`), listMessages],
  ['POST', new RegExp(`^/flows/${SEG}/${SEG}/messages$`), postFlowMessage],
  ['GET', new RegExp(`^/flows/${SEG}/${SEG}/messages/${SEG}$`), getMessage],
  ['PUT', new RegExp(`^/flows/${SEG}/${SEG}/messages/${SEG}$`), editMessage],
  ['DELETE', new RegExp(`^/flows/${SEG}/${SEG}/messages/${SEG}$`), deleteMessage],
  ['POST', new RegExp(`^/flows/${SEG}/${SEG}/messages/${SEG}/comments$`), postComment],
  ['GET', new RegExp(`^/flows/${SEG}/${SEG}/sources$`), listSources],
  ['POST', new RegExp(`^/flows/${SEG}/${SEG}/sources$`), createSource],
  // Sources.md spells one source's path both `sources/:id` and `source/:id`
  ['GET', new RegExp(`^/flows/${SEG}/${SEG}/sources?/${SEG}$`), getSource],
  ['DELETE', new RegExp(`^/flows/${SEG}/${SEG}/sources?/${SEG}$`), deleteSource],
  ['POST', /^\/messages$/, postMessage],
  ['POST', /^\/comments$/, postComment],
  ['GET', /^\/users$/, listUsers],
  ['GET', /^\/user$/, getSelf],
  ['GET', new RegExp(`^/users/${SEG}$`), getUser],
  ['GET', /^\/organizations$/, listOrganizations],
  ['GET', /^\/organizations\/find$/, findOrganization],
  ['GET', new RegExp(`^/organizations/${SEG}$`), getOrganization],
  ...PRIVATE_ROUTES,
  ['GET', /^\/stream\/flows$/, openStream],
  ['GET', new RegExp(`^/stream/flows/${SEG}/${SEG}$`), openStream],
];

function decodeSegments(match: RegExpExecArray): string[] | null {
  try {
    return match.slice(1).map((segment) => decodeURIComponent(segment ?? ''));
  } catch {
    return null;
  }
}

/**
 * The Flowdock-compatible API (docs/flowdock-api.md) as the HTTP server's fallback: it claims the
 * paths it serves and leaves every other one to the server's JSON 404. Each request is authenticated
 * (HTTP Basic), draws from its user's request budget (the one their sockets share), then runs.
 */
export function createFlowdockRouter(deps: FlowdockDeps): FallbackRoute {
  const onUnexpected = (error: unknown) =>
    deps.log.error('api request failed', { error: error instanceof Error ? error.message : String(error) });

  async function run(req: IncomingMessage, res: ServerResponse, url: URL, route: FlowdockRoute, params: string[]) {
    try {
      // `POST /messages` also takes an integration's flow token in its body instead of credentials
      let body: unknown;
      if (route === postMessage) {
        body = await readBody(req);
        if (hasFlowToken(body)) return await postWithFlowToken(res, deps, body);
      }
      const caller = await authenticate(req, deps);
      if (!deps.budgets.budgetFor(caller.user.id).general.take())
        throw new ProtocolError('RATE_LIMITED', 'too many requests; slow down');
      await route({ req, res, url, params, caller, deps, ...(route === postMessage ? { body } : {}) });
    } catch (error) {
      sendFlowdockError(res, error, onUnexpected);
    }
  }

  return (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://api.invalid');
    } catch {
      return false;
    }
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    let pathKnown = false;
    for (const [method, pattern, route] of ROUTES) {
      const match = pattern.exec(path);
      if (!match) continue;
      pathKnown = true;
      if (method !== (req.method ?? 'GET')) continue;
      const params = decodeSegments(match);
      if (!params) {
        sendFlowdockError(res, new ProtocolError('INVALID', 'malformed path'), onUnexpected);
        return true;
      }
      void run(req, res, url, route, params);
      return true;
    }
    if (!pathKnown) return false;
    sendFlowdockError(res, new HttpError(405, 'INVALID', 'method not allowed'), onUnexpected);
    return true;
  };
}

import { z } from 'zod';

/*
 * The browser host's wire format: the IPC contract carried over one WebSocket per page.
 * Launch URL: http://127.0.0.1:<port>/?token=<per-launch token>, answered with a page-session cookie
 *             and a redirect to the page: http://127.0.0.1:<port>/app/<per-launch folder>/
 * Socket:     ws://127.0.0.1:<port>/app/<folder>/bridge?session=<random id kept in sessionStorage>,
 *             admitted by the page-session cookie the browser sends with the upgrade.
 * A request without a page session is refused (HTTP 403, socket closed with 4401). One client core
 * per session id, so two browser contexts are two independent users.
 */

/** The bridge socket's path, relative to the page's folder. */
export const BRIDGE_ENDPOINT = 'bridge';
/** Close code of a bridge socket without a valid page session. */
export const BRIDGE_UNAUTHORIZED_CLOSE = 4401;

export const bridgeInvokeSchema = z.object({
  kind: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  request: z.unknown(),
});
export type BridgeInvoke = z.infer<typeof bridgeInvokeSchema>;

/** Host → page: the answer to one invoke (`result` is an IpcResult) or a push. */
export type BridgeServerMessage =
  { kind: 'result'; id: number; result: unknown } | { kind: 'push'; name: string; payload: unknown };

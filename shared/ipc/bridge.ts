import { z } from 'zod';

/*
 * The browser host's wire format: the IPC contract carried over one WebSocket per page.
 * Page URL: http://127.0.0.1:<port>/?token=<per-launch token>
 * Socket:   ws://127.0.0.1:<port>/bridge?token=<same token>&session=<random id kept in sessionStorage>
 * A request without the right token is refused (HTTP 403, socket closed with 4401). One client core
 * per session id, so two browser contexts are two independent users.
 */

export const BRIDGE_PATH = '/bridge';
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

import { serverInfoSchema } from '../../../shared/protocol/http';
import { ProtocolError } from '../../../shared/protocol/errors';
import type { Handler } from './context';

/** The login screen asks while the user types: a server that does not answer soon counts as unreachable. */
const INFO_TIMEOUT_MS = 5000;

/**
 * `server:info`: what the server at a URL announces before sign-in (`GET /api/info`). Only a
 * well-formed answer saying `demo: true` turns the demo hints on; an older server without the
 * route, or any other answer, means no demo.
 */
export const serverInfo: Handler<'server:info'> = async (_ctx, req) => {
  const base = req.serverUrl.trim().replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/api/info`, { signal: AbortSignal.timeout(INFO_TIMEOUT_MS) });
  } catch (error) {
    throw new ProtocolError(
      'UNAVAILABLE',
      `cannot reach ${base}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const body: unknown = res.ok ? await res.json().catch(() => null) : null;
  const info = serverInfoSchema.safeParse(body);
  return { demo: info.success && info.data.demo };
};

import type { IncomingMessage } from 'node:http';
import { loginRequestSchema, ProtocolError } from '../../shared/protocol/index';
import { noteApiTokenUse, resolveApiToken, tokenUseIsStale } from '../domain/apiTokens';
import type { Caller, FlowdockDeps } from './context';

/** The user name and password of an `Authorization: Basic` header, or null when there is none. */
export function basicCredentials(req: IncomingMessage): { username: string; password: string } | null {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // URL-style credentials (curl https://user:pass@host) arrive percent-encoded by some clients
  const raw =
    colon < 0
      ? { username: decoded, password: '' }
      : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  return { username: safeDecode(raw.username), password: raw.password };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Flowdock's HTTP Basic authentication: a personal API token as the user name (the password is
 * ignored), or an email and password, checked under the same guard as the app's login. Anything
 * else is UNAUTHENTICATED (401 with a Basic challenge).
 */
export async function authenticate(req: IncomingMessage, deps: FlowdockDeps): Promise<Caller> {
  const credentials = basicCredentials(req);
  if (!credentials || credentials.username === '')
    throw new ProtocolError('UNAUTHENTICATED', 'HTTP Basic authentication required: an API token, or email:password');
  const { username, password } = credentials;
  const found = await deps.store.withTransaction((tx) => resolveApiToken(tx, username), { readOnly: true });
  if (found) {
    const now = Date.now();
    if (tokenUseIsStale(found.token, now))
      await deps.store.withTransaction((tx) => noteApiTokenUse(tx, found.token, now));
    return { user: found.user, apiTokenId: found.token.id };
  }
  const login = loginRequestSchema.safeParse({ email: username, password });
  if (!login.success) throw new ProtocolError('UNAUTHENTICATED', 'unknown or revoked API token');
  const user = await deps.verifyCredentials(login.data.email, login.data.password, deps.clientAddress(req));
  return { user, apiTokenId: null };
}

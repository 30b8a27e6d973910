import { errorCodeSchema, ProtocolError } from '../../shared/protocol/errors';
import { httpErrorBodySchema, loginResponseSchema, type LoginResponse } from '../../shared/protocol/http';
import type { Account } from './account';
import { errorMessage } from './log';

/*
 * The two plain HTTP calls a session makes besides its socket: the password login that yields a
 * token, and the logout that revokes one.
 */

const LOGIN_TIMEOUT_MS = 15_000;
const LOGOUT_TIMEOUT_MS = 3000;

/** Posts the password to the server's login route; every refusal is a ProtocolError with the server's code. */
export async function postLogin(base: string, email: string, password: string): Promise<LoginResponse> {
  let res: Response;
  try {
    res = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
      signal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ProtocolError('UNAVAILABLE', `cannot reach ${base}: ${errorMessage(error)}`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = httpErrorBodySchema.safeParse(body);
    const code = errorCodeSchema.safeParse(parsed.data?.error.code);
    throw new ProtocolError(
      code.success ? code.data : res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL',
      parsed.data?.error.message ?? `login failed (HTTP ${res.status})`,
      parsed.data?.error.field,
    );
  }
  const login = loginResponseSchema.safeParse(body);
  if (!login.success) throw new ProtocolError('INTERNAL', 'the server answered the login with an unexpected shape');
  return login.data;
}

/** Revokes an account's token on the server, best effort: offline, it simply expires there. */
export async function revokeToken(acc: Account): Promise<void> {
  const token = acc.token;
  if (token === null) return;
  await fetch(`${acc.serverUrl}/api/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
  }).catch(() => undefined);
}

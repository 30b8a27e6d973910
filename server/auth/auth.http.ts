import type { IncomingMessage, ServerResponse } from 'node:http';
import { loginRequestSchema, type LoginResponse } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { createEffects, type EffectSink } from '../domain/effects';
import type { ClientAddressOf } from '../http/clientAddress';
import { HttpError, bearerToken, readJson, requireJsonContent, sendJson } from '../http/respond';
import type { Logger } from '../logger';
import { insertAudit } from '../repositories/audit.repository';
import { getOrg } from '../repositories/orgs.repository';
import { isDeactivated } from '../repositories/deactivations.repository';
import { revokeToken } from '../repositories/tokens.repository';
import { getUser, getUserByEmail, toPublicUser } from '../repositories/users.repository';
import { hashPassword, verifyPassword } from './passwords';
import type { LoginGuard } from './loginGuard';
import { PoolFullError } from './workPool';
import { issueToken, resolveToken } from './tokens';

/** What the login and logout routes need. */
export interface AuthDeps {
  db: Db;
  log: Logger;
  guard: LoginGuard;
  /** The real client address (X-Forwarded-For only with --trust-proxy). */
  clientAddress: ClientAddressOf;
  scryptCost: number;
  sink: () => EffectSink;
}

/** Creates the login/logout route handlers; the dummy hash keeps unknown emails as slow as wrong passwords. */
export function createAuthRoutes(deps: AuthDeps) {
  const { db, log } = deps;
  let dummyHash: Promise<string> | null = null;

  function tooMany(ms: number, why: string): HttpError {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return new HttpError(429, 'RATE_LIMITED', `${why}; retry in ${seconds} s`, undefined, {
      'retry-after': String(seconds),
    });
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only JSON: a cross-site form or text/plain POST (no preflight) must not be able to make guesses.
    requireJsonContent(req);
    const body = await readJson(req);
    const parsed = loginRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || undefined;
      throw new HttpError(400, 'INVALID', issue ? `${field ?? 'body'}: ${issue.message}` : 'invalid body', field);
    }
    const { email, password } = parsed.data;
    const { guard } = deps;
    const address = deps.clientAddress(req);
    const arrived = Date.now();
    const blocked = guard.blockedFor(email, address, arrived);
    if (blocked > 0) throw tooMany(blocked, 'too many failed logins');
    const slowdown = guard.slowdownFor(address, arrived);
    if (slowdown > 0) await new Promise((r) => setTimeout(r, slowdown));
    const now = Date.now();
    const attempt = guard.begin(email, address, now);
    const user = getUserByEmail(db, email);
    let ok: boolean;
    try {
      ok = await guard.check(async () => {
        dummyHash ??= hashPassword('not a password', deps.scryptCost);
        return verifyPassword(password, user?.passwordHash ?? (await dummyHash));
      });
    } catch (error) {
      if (!(error instanceof PoolFullError)) throw error;
      guard.cancel(attempt);
      log.warn('login refused: password checks saturated');
      throw tooMany(1000, 'the server is busy checking other logins');
    }
    if (!user || !ok) {
      insertAudit(db, {
        at: now,
        orgId: user?.orgId ?? null,
        actorId: user?.id ?? null,
        action: 'login.failed',
        target: email,
        detail: { address },
      });
      log.info('login failed', { address });
      throw new HttpError(401, 'UNAUTHENTICATED', 'wrong email or password');
    }
    guard.succeeded(attempt);
    // only after the password matched, so the answer says nothing about accounts to a guesser
    if (isDeactivated(db, user.id)) {
      log.info('login refused: account deactivated', { userId: user.id });
      throw new HttpError(403, 'DEACTIVATED', 'this account was deactivated by the organization');
    }
    const org = getOrg(db, user.orgId);
    if (!org) throw new HttpError(500, 'INTERNAL', 'account has no organization');
    const issued = issueToken(db, user.id, now);
    insertAudit(db, {
      at: now,
      orgId: user.orgId,
      actorId: user.id,
      action: 'login',
      target: user.id,
      detail: { address },
    });
    log.info('login', { userId: user.id });
    const answer: LoginResponse = { token: issued.token, expiresAt: issued.expiresAt, user: toPublicUser(user), org };
    sendJson(res, 200, answer);
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = Date.now();
    const record = resolveToken(db, bearerToken(req), now);
    if (!record) throw new HttpError(401, 'UNAUTHENTICATED', 'missing, unknown or expired token');
    revokeToken(db, record.id, now);
    const user = getUser(db, record.userId);
    insertAudit(db, {
      at: now,
      orgId: user?.orgId ?? null,
      actorId: record.userId,
      action: 'logout',
      target: record.userId,
      detail: {},
    });
    const effects = createEffects();
    effects.revokedTokens.push(record.id);
    deps.sink()(effects);
    sendJson(res, 200, { ok: true });
  }

  return { login, logout };
}

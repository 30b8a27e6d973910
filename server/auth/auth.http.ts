import type { IncomingMessage, ServerResponse } from 'node:http';
import { loginRequestSchema, type LoginResponse } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { createEffects, type EffectSink } from '../domain/effects';
import { HttpError, bearerToken, readJson, sendJson } from '../http/respond';
import type { Logger } from '../logger';
import { insertAudit } from '../repositories/audit.repository';
import { getOrg } from '../repositories/orgs.repository';
import { revokeToken } from '../repositories/tokens.repository';
import { getUser, getUserByEmail, toPublicUser } from '../repositories/users.repository';
import { hashPassword, verifyPassword } from './passwords';
import type { LoginThrottle } from './throttle';
import { issueToken, resolveToken } from './tokens';

/** What the login and logout routes need. */
export interface AuthDeps {
  db: Db;
  log: Logger;
  accountThrottle: LoginThrottle;
  addressThrottle: LoginThrottle;
  scryptCost: number;
  sink: () => EffectSink;
}

/** Creates the login/logout route handlers; the dummy hash keeps unknown emails as slow as wrong passwords. */
export function createAuthRoutes(deps: AuthDeps) {
  const { db, log } = deps;
  let dummyHash: Promise<string> | null = null;

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const parsed = loginRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || undefined;
      throw new HttpError(400, 'INVALID', issue ? `${field ?? 'body'}: ${issue.message}` : 'invalid body', field);
    }
    const { email, password } = parsed.data;
    const now = Date.now();
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = Math.max(deps.accountThrottle.retryAfter(email, now), deps.addressThrottle.retryAfter(address, now));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new HttpError(429, 'RATE_LIMITED', `too many failed logins; retry in ${seconds} s`, undefined, {
        'retry-after': String(seconds),
      });
    }
    // Count the attempt as failed before the (slow) password check and take it back on success:
    // otherwise many parallel guesses all pass the check above before the first one is counted.
    deps.accountThrottle.fail(email, now);
    deps.addressThrottle.fail(address, now);
    const user = getUserByEmail(db, email);
    dummyHash ??= hashPassword('not a password', deps.scryptCost);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
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
    deps.accountThrottle.clear(email);
    deps.addressThrottle.forgive(address, now);
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

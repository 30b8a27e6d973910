import type { IncomingMessage, ServerResponse } from 'node:http';
import { loginRequestSchema, type LoginResponse } from '../../shared/protocol/index';
import type { Store } from '../db/store';
import { createEffects, type EffectSink } from '../domain/effects';
import type { ClientAddressOf } from '../http/clientAddress';
import { HttpError, bearerToken, readJson, requireJsonContent, sendJson } from '../http/respond';
import type { Logger } from '../logger';
import { toPublicUser, type UserRecord } from '../repositories/users.repository';
import { hashPassword, verifyPassword } from './passwords';
import type { LoginGuard } from './loginGuard';
import { PoolFullError } from './workPool';
import { issueToken, resolveToken } from './tokens';

/** What the login and logout routes need. */
export interface AuthDeps {
  store: Store;
  log: Logger;
  guard: LoginGuard;
  /** The real client address (X-Forwarded-For only with --trust-proxy). */
  clientAddress: ClientAddressOf;
  scryptCost: number;
  sink: () => EffectSink;
}

/** Creates the login/logout route handlers; the dummy hash keeps unknown emails as slow as wrong passwords. */
export function createAuthRoutes(deps: AuthDeps) {
  const { store, log } = deps;
  let dummyHash: Promise<string> | null = null;

  function tooMany(ms: number, why: string): HttpError {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return new HttpError(429, 'RATE_LIMITED', `${why}; retry in ${seconds} s`, undefined, {
      'retry-after': String(seconds),
    });
  }

  /**
   * Checks an email and password under the login guard (throttles, the shared pool of password
   * checks; failures audited): the user, or HttpError 401/429. The login route and the bot API's
   * HTTP Basic authentication both come through here, so they share one failure budget.
   */
  async function verifyCredentials(email: string, password: string, address: string): Promise<UserRecord> {
    const { guard } = deps;
    const attempt = await guard.exclusive(email, async () => {
      const arrived = Date.now();
      const blocked = await guard.blockedFor(email, address, arrived);
      if (blocked > 0) throw tooMany(blocked, 'too many failed logins');
      const slowdown = await guard.slowdownFor(address, arrived);
      if (slowdown > 0) await new Promise((r) => setTimeout(r, slowdown));
      return guard.begin(email, address, Date.now());
    });
    const now = attempt.at;
    // The password is checked outside any unit of work: scrypt takes ~1.5 s and must hold no transaction.
    const user = await store.withTransaction((tx) => tx.users.getByEmail(email), { readOnly: true });
    let ok: boolean;
    try {
      ok = await guard.check(async () => {
        dummyHash ??= hashPassword('not a password', deps.scryptCost);
        return verifyPassword(password, user?.passwordHash ?? (await dummyHash));
      });
    } catch (error) {
      if (!(error instanceof PoolFullError)) throw error;
      await guard.cancel(attempt);
      log.warn('login refused: password checks saturated');
      throw tooMany(1000, 'the server is busy checking other logins');
    }
    if (!user || !ok) {
      await store.withTransaction((tx) =>
        tx.audit.insert({
          at: now,
          orgId: user?.orgId ?? null,
          actorId: user?.id ?? null,
          action: 'login.failed',
          target: email,
          detail: { address },
        }),
      );
      log.info('login failed', { address });
      throw new HttpError(401, 'UNAUTHENTICATED', 'wrong email or password');
    }
    await guard.succeeded(attempt);
    // only after the password matched, so the answer says nothing about accounts to a guesser; here, so
    // the bot API's email and password (HTTP Basic) are refused as the app's login is
    if (await store.withTransaction((tx) => tx.deactivations.isDeactivated(user.id), { readOnly: true })) {
      log.info('login refused: account deactivated', { userId: user.id });
      throw new HttpError(403, 'DEACTIVATED', 'this account was deactivated by the organization');
    }
    return user;
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
    const address = deps.clientAddress(req);
    const user = await verifyCredentials(email, password, address);
    const now = Date.now();
    const outcome = await store.withTransaction(async (tx) => {
      // deactivated between the password check and now
      if (await tx.deactivations.isDeactivated(user.id)) return null;
      const org = await tx.orgs.get(user.orgId);
      if (!org) throw new HttpError(500, 'INTERNAL', 'account has no organization');
      const issued = await issueToken(tx, user.id, now);
      await tx.audit.insert({
        at: now,
        orgId: user.orgId,
        actorId: user.id,
        action: 'login',
        target: user.id,
        detail: { address },
      });
      return { org, issued };
    });
    if (!outcome) {
      log.info('login refused: account deactivated', { userId: user.id });
      throw new HttpError(403, 'DEACTIVATED', 'this account was deactivated by the organization');
    }
    const { org, issued } = outcome;
    log.info('login', { userId: user.id });
    const answer: LoginResponse = { token: issued.token, expiresAt: issued.expiresAt, user: toPublicUser(user), org };
    sendJson(res, 200, answer);
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = Date.now();
    const presented = bearerToken(req);
    const tokenId = await store.withTransaction(async (tx) => {
      const record = await resolveToken(tx, presented, now);
      if (!record) throw new HttpError(401, 'UNAUTHENTICATED', 'missing, unknown or expired token');
      await tx.tokens.revoke(record.id, now);
      const user = await tx.users.get(record.userId);
      await tx.audit.insert({
        at: now,
        orgId: user?.orgId ?? null,
        actorId: record.userId,
        action: 'logout',
        target: record.userId,
        detail: {},
      });
      return record.id;
    });
    const effects = createEffects();
    effects.revokedTokens.push(tokenId);
    deps.sink()(effects);
    sendJson(res, 200, { ok: true });
  }

  return { login, logout, verifyCredentials };
}

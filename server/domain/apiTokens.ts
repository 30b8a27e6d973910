import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../shared/domain/ids';
import { MAX_API_TOKENS_PER_USER, ProtocolError, type ApiToken } from '../../shared/protocol/index';
import { hashToken } from '../auth/tokens';
import type { Tx } from '../db/store';
import type { ApiTokenRecord } from '../repositories/apiTokens.repository';
import type { UserRecord } from '../repositories/users.repository';

/** Where a token was created or revoked, for the audit trail: by its owner, the CLI, or an org admin in the app. */
export type ApiTokenOrigin = 'app' | 'admin-cli' | { adminId: string };

/** Audits a token's creation or revocation: the token's id, never its secret. */
function audit(tx: Tx, user: UserRecord, action: string, tokenId: string, at: number, origin: ApiTokenOrigin) {
  return tx.audit.insert({
    at,
    orgId: user.orgId,
    actorId: origin === 'app' ? user.id : origin === 'admin-cli' ? null : origin.adminId,
    action,
    target: user.id,
    // an admin's revocation is the running server's own: the admin tail must not replay it
    detail: { tokenId, via: typeof origin === 'string' ? origin : 'server' },
  });
}

/** A token as its owner sees it. */
export function toApiToken(record: ApiTokenRecord): ApiToken {
  return { id: record.id, name: record.name, createdAt: record.createdAt, lastUsedAt: record.lastUsedAt };
}

/**
 * How precisely a token's last use is kept. A bot polling every second would otherwise write a row
 * per request and queue behind every send for the database's one writer; to the minute is what an
 * admin deciding "is this still in use?" needs.
 */
export const API_TOKEN_USE_PRECISION_MS = 60_000;

/** Whether a use at `now` is worth recording: the last recorded one is older than the precision. */
export function tokenUseIsStale(token: ApiTokenRecord, now: number): boolean {
  return token.lastUsedAt === null || token.lastUsedAt < now - API_TOKEN_USE_PRECISION_MS;
}

/** Records that a token authenticated a request at `now` (at most one write a minute, also across nodes). */
export function noteApiTokenUse(tx: Tx, token: ApiTokenRecord, now: number): Promise<boolean> {
  return tx.apiTokens.noteUse(token.id, now, now - API_TOKEN_USE_PRECISION_MS);
}

/**
 * Creates a personal API token: 160 random bits as 40 hex digits (the shape of Flowdock's tokens, so
 * clients that check it accept ours), stored only as its SHA-256. The secret is returned this once.
 */
export async function createApiToken(
  tx: Tx,
  user: UserRecord,
  name: string,
  now: number,
  origin: ApiTokenOrigin,
): Promise<{ apiToken: ApiToken; secret: string }> {
  if ((await tx.apiTokens.listLive(user.id)).length >= MAX_API_TOKENS_PER_USER)
    throw new ProtocolError('CONFLICT', `at most ${MAX_API_TOKENS_PER_USER} API tokens per user; revoke one first`);
  const secret = randomBytes(20).toString('hex');
  const record: ApiTokenRecord = {
    id: uuidv7(now),
    userId: user.id,
    name,
    createdAt: now,
    revokedAt: null,
    lastUsedAt: null,
  };
  await tx.apiTokens.insert({ ...record, tokenHash: hashToken(secret) });
  await audit(tx, user, 'api_token.create', record.id, now, origin);
  return { apiToken: toApiToken(record), secret };
}

/** Revokes one of the user's tokens; NOT_FOUND for a token that is not theirs or already revoked. */
export async function revokeApiToken(
  tx: Tx,
  user: UserRecord,
  tokenId: string,
  now: number,
  origin: ApiTokenOrigin,
): Promise<ApiToken> {
  const record = await tx.apiTokens.get(tokenId);
  // someone else's token answers like a missing one: its existence is not the caller's to learn
  if (!record || record.userId !== user.id || !(await tx.apiTokens.revoke(tokenId, now)))
    throw new ProtocolError('NOT_FOUND', 'no such API token', 'apiTokenId');
  await audit(tx, user, 'api_token.revoke', tokenId, now, origin);
  return toApiToken(record);
}

/**
 * The live token for a presented secret and its user; null when unknown, revoked, or the user is gone
 * or deactivated.
 */
export async function resolveApiToken(
  tx: Tx,
  secret: string,
): Promise<{ token: ApiTokenRecord; user: UserRecord } | null> {
  if (secret.length === 0 || secret.length > 200) return null;
  const token = await tx.apiTokens.getByHash(hashToken(secret));
  if (!token || token.revokedAt !== null) return null;
  const user = await tx.users.get(token.userId);
  // a deactivated user's bots stop with the account
  if (!user || (await tx.deactivations.isDeactivated(user.id))) return null;
  return { token, user };
}

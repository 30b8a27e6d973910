import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from '../../shared/domain/ids';
import type { Tx } from '../db/store';
import type { TokenRecord } from '../repositories/tokens.repository';

/** Sessions last 30 days; logging in again issues a fresh token. */
export const TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** SHA-256 of a token: what the database stores, so a leaked database yields no usable tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a token of 256 random bits for a user; returns the secret once, stores only its hash. */
export async function issueToken(
  tx: Tx,
  userId: string,
  now: number,
): Promise<{ id: string; token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const id = uuidv7(now);
  const expiresAt = now + TOKEN_LIFETIME_MS;
  await tx.tokens.insert({ id, userId, tokenHash: hashToken(token), createdAt: now, expiresAt });
  return { id, token, expiresAt };
}

/** The live token record for a presented secret; null when unknown, revoked or expired. */
export async function resolveToken(tx: Tx, token: unknown, now: number): Promise<TokenRecord | null> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
  const record = await tx.tokens.getByHash(hashToken(token));
  if (!record || record.revokedAt !== null || record.expiresAt <= now) return null;
  return record;
}

/**
 * Whether a presented token (live, revoked or expired) belongs to a deactivated user: the handshake
 * then answers DEACTIVATED instead of UNAUTHENTICATED, so the app removes its local data.
 */
export async function tokenOfDeactivatedUser(tx: Tx, token: unknown): Promise<boolean> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const record = await tx.tokens.getByHash(hashToken(token));
  return record !== null && (await tx.deactivations.isDeactivated(record.userId));
}

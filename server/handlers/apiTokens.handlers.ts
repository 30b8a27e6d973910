import { createApiToken, revokeApiToken, toApiToken } from '../domain/apiTokens';
import type { Handler } from './context';

/** `apitoken:create`: a new personal API token of the caller; its secret is in this answer only. */
export const apiTokenCreate: Handler<'apitoken:create'> = (ctx, { name }) =>
  createApiToken(ctx.tx, ctx.user, name, ctx.now, 'app');

/** `apitoken:list`: the caller's live tokens, newest first. */
export const apiTokenList: Handler<'apitoken:list'> = async (ctx) => ({
  apiTokens: (await ctx.tx.apiTokens.listLive(ctx.user.id)).map(toApiToken),
});

/** `apitoken:revoke`: revokes one of the caller's tokens; the API streams opened with it end. */
export const apiTokenRevoke: Handler<'apitoken:revoke'> = async (ctx, { apiTokenId }) => {
  const apiToken = await revokeApiToken(ctx.tx, ctx.user, apiTokenId, ctx.now, 'app');
  ctx.effects.revokedTokens.push(apiTokenId);
  return { apiToken };
};

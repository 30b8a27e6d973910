import { createApiToken, revokeApiToken, toApiToken } from '../domain/apiTokens';
import type { Handler } from './context';

/** `apiToken:create`: a new personal API token of the caller; its secret is in this answer only. */
export const apiTokenCreate: Handler<'apiToken:create'> = (ctx, { name }) =>
  createApiToken(ctx.tx, ctx.user, name, ctx.now, 'app');

/** `apiToken:list`: the caller's live tokens, newest first. */
export const apiTokenList: Handler<'apiToken:list'> = async (ctx) => ({
  apiTokens: (await ctx.tx.apiTokens.listLive(ctx.user.id)).map(toApiToken),
});

/** `apiToken:revoke`: revokes one of the caller's tokens; the API streams opened with it end. */
export const apiTokenRevoke: Handler<'apiToken:revoke'> = async (ctx, { apiTokenId }) => {
  const apiToken = await revokeApiToken(ctx.tx, ctx.user, apiTokenId, ctx.now, 'app');
  ctx.effects.revokedTokens.push(apiTokenId);
  return { apiToken };
};

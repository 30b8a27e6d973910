import { unwrap, type Handler } from './context';

/*
 * Personal API tokens live on the server only (a secret is never cached), so these are forwarded
 * under their own names and answer UNAVAILABLE offline.
 */

/** `apitoken:create`: a new token of mine; its secret is in this answer only. */
export const apiTokenCreate: Handler<'apitoken:create'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('apitoken:create', req));

/** `apitoken:list`: my live tokens. */
export const apiTokenList: Handler<'apitoken:list'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('apitoken:list', req));

/** `apitoken:revoke`: revokes one of my tokens. */
export const apiTokenRevoke: Handler<'apitoken:revoke'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('apitoken:revoke', req));

import { unwrap, type Handler } from './context';

/*
 * Integrations live on the server only (a flow token is never cached), so these are forwarded under
 * their own names and answer UNAVAILABLE offline.
 */

/** `integration:create`: a new integration of a team stream; its flow token is in this answer only. */
export const integrationCreate: Handler<'integration:create'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('integration:create', req));

/** `integration:list`: a team stream's live integrations. */
export const integrationList: Handler<'integration:list'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('integration:list', req));

/** `integration:revoke`: revokes an integration. */
export const integrationRevoke: Handler<'integration:revoke'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('integration:revoke', req));

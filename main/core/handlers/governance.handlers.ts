import { cachedSpeechPolicy } from '../cache/speechPolicy';
import { unwrap, type Handler } from './context';

/** `speechPolicy:get`: who may post in the org stream and mention many, from the cache (offline too). */
export const speechPolicyGet: Handler<'speechPolicy:get'> = (ctx) => ({
  policy: cachedSpeechPolicy(ctx.account().db),
});

/** `message:history`: asks the server (the cache keeps no earlier versions). */
export const messageHistory: Handler<'message:history'> = async (ctx, req) => {
  const { versions } = unwrap(await ctx.account().engine.request('message:history', req));
  return { versions };
};

/** `audit:list`: asks the server (the audit trail never reaches laptops' caches). */
export const auditList: Handler<'audit:list'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('audit:list', req));

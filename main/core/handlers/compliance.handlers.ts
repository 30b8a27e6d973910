import { unwrap, type Handler } from './context';

/*
 * The compliance console: the export download (main/core/export/) and the holds and retention
 * settings, which the server answers (nothing of them is cached on laptops).
 */

/** `export:state`: the account's last completed export and a download in progress. */
export const exportState: Handler<'export:state'> = (ctx, { format }) =>
  ctx.exportDownloads.state(ctx.account(), format ?? 'jsonl');

/** `export:start`: asks where to save, then downloads in the background (`export:progress` pushes). */
export const exportStart: Handler<'export:start'> = async (ctx, req) => ({
  path: await ctx.exportDownloads.start(ctx.account(), req),
});

/** `export:cancel`: stops the running download; nothing is kept. */
export const exportCancel: Handler<'export:cancel'> = (ctx) => ({ cancelled: ctx.exportDownloads.cancel() });

export const holdList: Handler<'hold:list'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('hold:list', req));

export const holdPlace: Handler<'hold:place'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('hold:place', req));

export const holdRelease: Handler<'hold:release'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('hold:release', req));

export const retentionGet: Handler<'retention:get'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('retention:get', req));

export const retentionSet: Handler<'retention:set'> = async (ctx, req) =>
  unwrap(await ctx.account().engine.request('retention:set', req));

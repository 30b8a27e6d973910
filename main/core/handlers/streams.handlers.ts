import { ProtocolError } from '../../../shared/protocol/errors';
import { getCursor, listStreams, markRead } from '../cache/streams';
import type { Handler, HandlerContext } from './context';

/** Throws NOT_FOUND unless the stream is in the cache. */
export function requireStream(ctx: HandlerContext, streamId: string): void {
  if (!getCursor(ctx.account().db, streamId)) throw new ProtocolError('NOT_FOUND', 'unknown stream', 'streamId');
}

/** `stream:list`: the cached streams with my unread and mention counts. */
export const streamList: Handler<'stream:list'> = (ctx) => ({ streams: listStreams(ctx.account().db) });

/** `read:mark`: moves the local marker now; pushed to the server now or after the next hello. */
export const readMark: Handler<'read:mark'> = async (ctx, req) => {
  requireStream(ctx, req.streamId);
  const acc = ctx.account();
  if (markRead(acc.db, req.streamId, req.seq)) ctx.changed([req.streamId], ['streams']);
  // offline, the marker stays local and is pushed after the next hello
  if (acc.engine.online) await acc.engine.request('read:mark', req);
  return {};
};

import { ProtocolError } from '../../../shared/protocol/errors';
import { getCursor, upsertStream } from '../cache/streams';
import { unwrap, type Handler } from './context';

/**
 * `dm:open`: asks the server for the conversation (it may be new: only the server can say which
 * stream these people share) and caches it at once, so the app can show it and queue sends into it
 * before the `stream:added` push arrives. Offline it is refused with a reason to show.
 */
export const directOpen: Handler<'dm:open'> = async (ctx, req) => {
  const acc = ctx.account();
  if (!acc.engine.online)
    throw new ProtocolError('UNAVAILABLE', 'opening a conversation needs the server: you are offline');
  const answer = unwrap(await acc.engine.request('dm:open', req));
  const { stream } = answer;
  // A conversation already cached keeps its cursor; a new one starts at its head (the push or the
  // next hello catches up whatever it holds).
  if (!getCursor(acc.db, stream.id)) {
    upsertStream(acc.db, stream, stream.headSeq);
    ctx.changed([stream.id], ['streams']);
  }
  return { stream, created: answer.created };
};

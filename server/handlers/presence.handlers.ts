import { ProtocolError } from '../../shared/protocol/index';
import { accessStream, streamMemberIds } from '../domain/access';
import type { Handler } from './context';

/*
 * Presence and typing. Both are answered only for a stream the caller reads (accessStream, the `sync`
 * rule), so only a stream's readers learn who is online or typing there. Nothing here writes except
 * `presence:set`; typing is relayed as an effect and never stored.
 */

/** `presence:list`: the stream's readers who have a connected socket and have not opted out. */
export const presenceList: Handler<'presence:list'> = async (ctx, req) => {
  const { stream } = await accessStream(ctx.tx, ctx.user, req.streamId);
  const members = await streamMemberIds(ctx.tx, stream);
  return { streamId: stream.id, online: await ctx.tx.presence.visibleOnline(members, ctx.now) };
};

/** `presence:get`: whether the caller is shown online. */
export const presenceGet: Handler<'presence:get'> = async (ctx) => ({
  visible: !(await ctx.tx.presence.isHidden(ctx.user.id)),
});

/** `presence:set`: the caller's choice, for all their devices; their streams hear the change. */
export const presenceSet: Handler<'presence:set'> = async (ctx, req) => {
  if (await ctx.tx.presence.setHidden(ctx.user.id, !req.visible, ctx.now)) ctx.effects.presence.push(ctx.user.id);
  return { visible: req.visible };
};

/** `typing:signal`: relayed to the stream's other readers once the (read-only) unit has run. */
export const typingSignal: Handler<'typing:signal'> = async (ctx, req) => {
  if (!ctx.config.typingBudget?.take(ctx.user.id, ctx.now))
    throw new ProtocolError('RATE_LIMITED', 'too many typing signals; slow down');
  const { stream } = await accessStream(ctx.tx, ctx.user, req.streamId);
  // a thread's root id is relayed as given, to the stream's readers only: it tells them nothing the
  // stream does not, and checking it would cost a read per keystroke signal
  ctx.effects.typing.push({
    streamId: stream.id,
    userId: ctx.user.id,
    typing: req.typing,
    ...(req.threadRootId ? { threadRootId: req.threadRootId } : {}),
  });
  return {};
};

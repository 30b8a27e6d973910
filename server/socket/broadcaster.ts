import type { BroadcastOperator, Server } from 'socket.io';
import type { EffectSink, Effects } from '../domain/effects';
import { streamRoom, tokenRoom, userRoom } from './rooms';
import type { TypingCoalescer } from './typingCoalescer';

/**
 * Where effects go: the io server (every socket of every node, through the adapter) or `io.local`
 * (this node's sockets only).
 */
export type BroadcastTarget = Pick<Server | BroadcastOperator<never, unknown>, 'in' | 'to'>;

/**
 * Delivers committed effects. Membership changes go first so that a removed member's sockets leave the
 * stream's room before any later event of that stream is emitted. Everything a push carries was read
 * in the unit of work that made the change, so delivery needs no storage. Typing goes to `typing`,
 * which pushes it coalesced per stream a moment later.
 */
export function createBroadcaster(io: BroadcastTarget, typing: Pick<TypingCoalescer, 'add' | 'forget'>): EffectSink {
  return (effects: Effects) => {
    for (const change of effects.membership) {
      const room = userRoom(change.userId);
      if (change.change === 'removed') {
        typing.forget(change.userId, change.streamId);
        io.in(room).socketsLeave(streamRoom(change.streamId));
        io.to(room).emit('stream:removed', { streamId: change.streamId });
        continue;
      }
      io.in(room).socketsJoin(streamRoom(change.streamId));
      io.to(room).emit('stream:added', { stream: change.stream });
    }
    for (const tokenId of effects.revokedTokens) io.in(tokenRoom(tokenId)).disconnectSockets(true);
    for (const event of effects.events) io.to(streamRoom(event.streamId)).emit('event', event);
    for (const { userId, notification } of effects.notifications)
      io.to(userRoom(userId)).emit('notification', notification);
    for (const { userIds, promotion } of effects.promotionUpdates) {
      if (userIds.length > 0) io.to(userIds.map(userRoom)).emit('promotion:updated', { promotion });
    }
    for (const { streamId, policy } of effects.speechPolicies)
      io.to(streamRoom(streamId)).emit('speechPolicy:changed', { policy });
    for (const { streamId, urlPolicy } of effects.urlPolicies)
      io.to(streamRoom(streamId)).emit('urlPolicy:changed', { urlPolicy });
    for (const change of effects.roleChanges) {
      if ('user' in change) io.to(userRoom(change.userId)).emit('user:changed', { user: change.user });
      else io.to(userRoom(change.userId)).emit('stream:changed', { stream: change.stream });
    }
    for (const { streamId, guidelines } of effects.guidelines)
      io.to(streamRoom(streamId)).emit('guidelines:changed', { guidelines });
    for (const { userIds, ack } of effects.guidelineAcks)
      io.to(userIds.map(userRoom)).emit('guidelines:acknowledged', ack);
    for (const { streamId, userId, displayName } of effects.displayNames)
      io.to(streamRoom(streamId)).emit('profile:changed', { userId, displayName });
    for (const { streamId, userIds, userId, displayName } of effects.photoChanges) {
      const rooms = [...(streamId ? [streamRoom(streamId)] : []), ...userIds.map(userRoom)];
      io.to(rooms).emit('profile:changed', { userId, displayName, photo: true });
    }
    for (const signal of effects.typing) typing.add(signal);
  };
}

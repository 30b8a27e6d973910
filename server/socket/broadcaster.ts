import type { Server } from 'socket.io';
import type { Db } from '../db/database';
import { accessStream } from '../domain/access';
import type { EffectSink, Effects } from '../domain/effects';
import { streamView } from '../domain/access';
import type { Logger } from '../logger';
import { getUser } from '../repositories/users.repository';
import { streamRoom, tokenRoom, userRoom } from './rooms';

/**
 * Delivers committed effects. Membership changes go first so that a removed member's sockets leave the
 * stream's room before any later event of that stream is emitted.
 */
export function createBroadcaster(io: Server, db: Db, log: Logger): EffectSink {
  return (effects: Effects) => {
    for (const change of effects.membership) {
      const room = userRoom(change.userId);
      if (change.change === 'removed') {
        io.in(room).socketsLeave(streamRoom(change.streamId));
        io.to(room).emit('stream:removed', { streamId: change.streamId });
        continue;
      }
      const user = getUser(db, change.userId);
      if (!user) continue;
      try {
        const access = accessStream(db, user, change.streamId);
        io.in(room).socketsJoin(streamRoom(change.streamId));
        io.to(room).emit('stream:added', { stream: streamView(db, user.id, access.stream, access.team, access.role) });
      } catch (error) {
        log.warn('stream:added skipped', { userId: change.userId, streamId: change.streamId, error: String(error) });
      }
    }
    for (const tokenId of effects.revokedTokens) io.in(tokenRoom(tokenId)).disconnectSockets(true);
    for (const event of effects.events) io.to(streamRoom(event.streamId)).emit('event', event);
    for (const { userId, notification } of effects.notifications)
      io.to(userRoom(userId)).emit('notification', notification);
    for (const { userIds, promotion } of effects.promotionUpdates) {
      if (userIds.length > 0) io.to(userIds.map(userRoom)).emit('promotion:updated', { promotion });
    }
  };
}

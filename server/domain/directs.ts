/*
 * Direct conversations: opening one (the same people always reach the same stream) and what a
 * conversation's participants see. Reading and writing in one is the streams' machinery; who may is
 * access.ts's rule (participants only).
 */
import { uuidv7 } from '../../shared/domain/ids';
import { MAX_DIRECT_PARTICIPANTS, ProtocolError, type Stream } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import { participantKey } from '../repositories/directs.repository';
import type { UserRecord } from '../repositories/users.repository';
import { streamView } from './access';
import type { Effects } from './effects';

/** The other people a `dm:open` names, checked: 1 to 8 distinct colleagues of the caller's organization. */
async function otherParticipants(tx: Tx, user: UserRecord, userIds: readonly string[]): Promise<UserRecord[]> {
  const ids = [...new Set(userIds)].filter((id) => id !== user.id);
  if (ids.length === 0) throw new ProtocolError('INVALID', 'userIds: name at least one other person', 'userIds');
  if (ids.length > MAX_DIRECT_PARTICIPANTS - 1)
    throw new ProtocolError(
      'INVALID',
      `userIds: a conversation has at most ${MAX_DIRECT_PARTICIPANTS} people, you included`,
      'userIds',
    );
  const others: UserRecord[] = [];
  for (const id of ids) {
    const other = await tx.users.get(id);
    // Someone of another organization answers like nobody at all.
    if (!other || other.orgId !== user.orgId) throw new ProtocolError('NOT_FOUND', 'no such person', 'userIds');
    others.push(other);
  }
  return others;
}

/**
 * The caller's conversation with these people: the existing one, or a new one that every participant's
 * connected apps learn of at once (`stream:added`). A new conversation with a deactivated account is
 * refused; an existing one stays open to the others, with that person still listed.
 */
export async function openDirect(
  tx: Tx,
  user: UserRecord,
  userIds: readonly string[],
  effects: Effects,
  now: number,
): Promise<{ stream: Stream; created: boolean }> {
  const others = await otherParticipants(tx, user, userIds);
  const everyone = [user, ...others];
  const key = participantKey(everyone.map((p) => p.id));
  const existing = await tx.directs.findByKey(user.orgId, key);
  if (existing) return { stream: await directView(tx, user.id, existing), created: false };
  for (const other of others)
    if (await tx.deactivations.isDeactivated(other.id))
      throw new ProtocolError('FORBIDDEN', 'a deactivated account cannot join a new conversation', 'userIds');
  const streamId = uuidv7(now);
  await tx.streams.insert({ id: streamId, orgId: user.orgId, kind: 'direct', name: '', createdAt: now });
  const claimed = await tx.directs.claim({
    streamId,
    orgId: user.orgId,
    participantKey: key,
    userIds: everyone.map((p) => p.id),
  });
  if (!claimed) {
    // Someone opened the same conversation at the same moment (another node): theirs is the one.
    await tx.directs.discardUnclaimed(streamId);
    const winner = await tx.directs.findByKey(user.orgId, key);
    if (!winner) throw new ProtocolError('CONFLICT', 'the conversation changed meanwhile; open it again');
    return { stream: await directView(tx, user.id, winner), created: false };
  }
  for (const person of everyone)
    effects.membership.push({
      userId: person.id,
      streamId,
      change: 'added',
      stream: await directView(tx, person.id, streamId),
    });
  return { stream: await directView(tx, user.id, streamId), created: true };
}

/** A conversation as one of its participants sees it. */
async function directView(tx: Tx, userId: string, streamId: string): Promise<Stream> {
  const stream = await tx.streams.get(streamId);
  if (!stream) throw new ProtocolError('INTERNAL', 'direct conversation without its stream');
  return streamView(tx, userId, stream, null, null);
}

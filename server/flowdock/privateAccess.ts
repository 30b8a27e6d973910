/*
 * Flowdock's private conversations (Private-Conversations.md) are Tributary's 1:1 direct
 * conversations. Flowdock names a conversation by the other person's user id; the stream is the one
 * `dm:open` would reach for the caller and that person. Conversations of three or more people have no
 * Flowdock equivalent and are not served here.
 */
import { idSchema, ProtocolError, type Stream } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import { streamView } from '../domain/access';
import { participantKey } from '../repositories/directs.repository';
import type { UserRecord } from '../repositories/users.repository';

/** A private conversation as the caller sees it: the other person, and the stream once it exists. */
export interface PrivateRef {
  other: UserRecord;
  /** Null until someone first opens the conversation (Flowdock showed it, not yet `open`). */
  stream: Stream | null;
}

/**
 * The other person `:user_id` names: a colleague of the caller's organization. Someone of another
 * organization answers like nobody at all (NOT_FOUND, as on the socket); the caller themself INVALID.
 */
export async function otherPerson(tx: Tx, caller: UserRecord, userId: string): Promise<UserRecord> {
  const other = idSchema.safeParse(userId).success ? await tx.users.get(userId) : null;
  if (!other || other.orgId !== caller.orgId) throw new ProtocolError('NOT_FOUND', 'no such user', 'user_id');
  if (other.id === caller.id)
    throw new ProtocolError('INVALID', 'user_id: a private conversation is with someone else', 'user_id');
  return other;
}

/** The caller's private conversation with `:user_id`. */
export async function privateByUser(tx: Tx, caller: UserRecord, userId: string): Promise<PrivateRef> {
  const other = await otherPerson(tx, caller, userId);
  const streamId = await tx.directs.findByKey(caller.orgId, participantKey([caller.id, other.id]));
  const stream = streamId ? await tx.streams.get(streamId) : null;
  return { other, stream: stream ? await streamView(tx, caller.id, stream, null, null) : null };
}

/** The other participant of a 1:1 conversation the user is in, or null for a group conversation. */
export function otherOfPair(stream: Stream, userId: string): string | null {
  const ids = (stream.participants ?? []).map((p) => p.id);
  if (ids.length !== 2 || !ids.includes(userId)) return null;
  return ids.find((id) => id !== userId) ?? null;
}

/** Every 1:1 conversation of the caller, oldest first. */
export async function listPrivates(tx: Tx, caller: UserRecord): Promise<Array<PrivateRef & { stream: Stream }>> {
  const result: Array<PrivateRef & { stream: Stream }> = [];
  for (const streamId of await tx.directs.streamIdsForUser(caller.id)) {
    const found = await tx.streams.get(streamId);
    if (!found) continue;
    const stream = await streamView(tx, caller.id, found, null, null);
    const otherId = otherOfPair(stream, caller.id);
    const other = otherId ? await tx.users.get(otherId) : null;
    if (other) result.push({ other, stream });
  }
  return result;
}

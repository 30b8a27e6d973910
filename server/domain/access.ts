import { ProtocolError, type Message, type Stream } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { MembershipChange } from './effects';
import type { StreamRecord, StreamWithTeam } from '../repositories/streams.repository';
import type { TeamRecord } from '../repositories/teams.repository';
import type { UserRecord } from '../repositories/users.repository';

/** A stream the caller may read, with the team behind it and the caller's role there. */
export type StreamAccess = StreamWithTeam;

/**
 * The one authorization rule for reading: team streams are for that team's members only (org admins
 * included only if members); the org stream is for every user of that organization; a direct
 * conversation is for its participants only (no role sees into one: not org admins, not compliance).
 */
export async function accessStream(tx: Tx, user: UserRecord, streamId: string): Promise<StreamAccess> {
  const found = await tx.streams.getWithTeam(streamId, user.id);
  // Another organization's stream answers exactly like a missing one: its existence is not ours to tell.
  if (!found || found.stream.orgId !== user.orgId) throw new ProtocolError('NOT_FOUND', 'no such stream', 'streamId');
  if (found.stream.kind === 'direct' && !(await tx.directs.isParticipant(streamId, user.id)))
    throw new ProtocolError('NOT_FOUND', 'no such stream', 'streamId');
  return readable(found);
}

/** A message together with the caller's access to its stream; NOT_FOUND / FORBIDDEN otherwise. */
export async function accessMessage(
  tx: Tx,
  user: UserRecord,
  messageId: string,
): Promise<StreamAccess & { message: Message }> {
  const message = await tx.messages.get(messageId);
  const found = message ? await tx.streams.getWithTeam(message.streamId, user.id) : null;
  if (!message || !found || found.stream.orgId !== user.orgId || !(await mayReadDirect(tx, found, user)))
    throw new ProtocolError('NOT_FOUND', 'no such message', 'messageId');
  return { ...readable(found), message };
}

/**
 * False only for a direct conversation the user is not in. Such a conversation answers like a
 * missing one: who talks to whom privately is not for others to learn from an id.
 */
export async function mayReadDirect(tx: Tx, found: StreamWithTeam, user: UserRecord): Promise<boolean> {
  return found.stream.kind !== 'direct' || tx.directs.isParticipant(found.stream.id, user.id);
}

/**
 * The stream of the user's organization as they may read it; FORBIDDEN for a team they are not in.
 * Direct conversations are checked before (their participants are not teams).
 */
function readable(found: StreamWithTeam): StreamAccess {
  if (found.stream.kind !== 'team') return { stream: found.stream, team: null, role: null };
  if (!found.team || found.role === null) throw new ProtocolError('FORBIDDEN', 'not a member of this stream');
  return found;
}

/** Ids of everyone who may read a stream. */
export async function streamMemberIds(tx: Tx, stream: StreamRecord): Promise<string[]> {
  if (stream.kind === 'org') return (await tx.users.listByOrg(stream.orgId)).map((u) => u.id);
  if (stream.kind === 'direct') return (await tx.directs.participants(stream.id)).map((p) => p.id);
  const team = await tx.teams.getByStream(stream.id);
  return team ? tx.teams.memberIds(team.id) : [];
}

/** A stream as this user sees it, with their own counters. */
export async function streamView(
  tx: Tx,
  userId: string,
  stream: StreamRecord,
  team: TeamRecord | null,
  role: StreamAccess['role'],
): Promise<Stream> {
  const { lastReadSeq, unread, mentions } = await tx.streams.readState(userId, stream.id);
  const view: Stream = {
    id: stream.id,
    kind: stream.kind,
    teamId: team?.id ?? null,
    name: team?.name ?? stream.name,
    headSeq: stream.headSeq,
    lastReadSeq,
    unread,
    mentions,
    role,
    ...(team !== null && team.archivedAt !== null ? { archived: true } : {}),
  };
  if (stream.kind !== 'direct') return view;
  const participants = await tx.directs.participants(stream.id);
  const others = participants.filter((p) => p.id !== userId).map((p) => p.name);
  return { ...view, name: others.join(', '), participants };
}

/**
 * Every stream the user may read: the org stream first, then their teams' streams, then their direct
 * conversations (oldest first).
 */
export async function userStreams(tx: Tx, user: UserRecord): Promise<Stream[]> {
  const result: Stream[] = [];
  const org = await tx.streams.getOrgStream(user.orgId);
  if (org) result.push(await streamView(tx, user.id, org, null, null));
  for (const team of await tx.teams.listForUser(user.id)) {
    const stream = await tx.streams.get(team.streamId);
    if (stream) result.push(await streamView(tx, user.id, stream, team, team.role));
  }
  for (const streamId of await tx.directs.streamIdsForUser(user.id)) {
    const stream = await tx.streams.get(streamId);
    if (stream) result.push(await streamView(tx, user.id, stream, null, null));
  }
  return result;
}

/**
 * The `stream:added` push for a user who has just joined a team's stream (read in the unit of work
 * that added them), or null when they cannot read it after all.
 */
export async function joinedStream(tx: Tx, user: UserRecord, streamId: string): Promise<MembershipChange | null> {
  const found = await tx.streams.getWithTeam(streamId, user.id);
  if (!found || found.stream.orgId !== user.orgId || (found.stream.kind === 'team' && found.role === null)) return null;
  if (!(await mayReadDirect(tx, found, user))) return null;
  const stream = await streamView(tx, user.id, found.stream, found.team, found.role);
  return { userId: user.id, streamId, change: 'added', stream };
}

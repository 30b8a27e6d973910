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
 * included only if members); the org stream is for every user of that organization.
 */
export async function accessStream(tx: Tx, user: UserRecord, streamId: string): Promise<StreamAccess> {
  const found = await tx.streams.getWithTeam(streamId, user.id);
  // Another organization's stream answers exactly like a missing one: its existence is not ours to tell.
  if (!found || found.stream.orgId !== user.orgId) throw new ProtocolError('NOT_FOUND', 'no such stream', 'streamId');
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
  if (!message || !found || found.stream.orgId !== user.orgId)
    throw new ProtocolError('NOT_FOUND', 'no such message', 'messageId');
  return { ...readable(found), message };
}

/** The stream of the user's organization as they may read it; FORBIDDEN for a team they are not in. */
function readable(found: StreamWithTeam): StreamAccess {
  if (found.stream.kind === 'org') return { stream: found.stream, team: null, role: null };
  if (!found.team || found.role === null) throw new ProtocolError('FORBIDDEN', 'not a member of this stream');
  return found;
}

/** Ids of everyone who may read a stream. */
export async function streamMemberIds(tx: Tx, stream: StreamRecord): Promise<string[]> {
  if (stream.kind === 'org') return (await tx.users.listByOrg(stream.orgId)).map((u) => u.id);
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
  return {
    id: stream.id,
    kind: stream.kind,
    teamId: team?.id ?? null,
    name: team?.name ?? stream.name,
    headSeq: stream.headSeq,
    lastReadSeq,
    unread,
    mentions,
    role,
  };
}

/** Every stream the user may read: the org stream first, then their teams' streams. */
export async function userStreams(tx: Tx, user: UserRecord): Promise<Stream[]> {
  const result: Stream[] = [];
  const org = await tx.streams.getOrgStream(user.orgId);
  if (org) result.push(await streamView(tx, user.id, org, null, null));
  for (const team of await tx.teams.listForUser(user.id)) {
    const stream = await tx.streams.get(team.streamId);
    if (stream) result.push(await streamView(tx, user.id, stream, team, team.role));
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
  const stream = await streamView(tx, user.id, found.stream, found.team, found.role);
  return { userId: user.id, streamId, change: 'added', stream };
}

import { ProtocolError, type Stream, type TeamRole } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { getMessage } from '../repositories/messages.repository';
import {
  countUnread,
  getOrgStream,
  getReadMark,
  getStream,
  type StreamRecord,
} from '../repositories/streams.repository';
import {
  getMembershipRole,
  getTeamByStream,
  listTeamMemberIds,
  listUserTeams,
  type TeamRecord,
} from '../repositories/teams.repository';
import { listOrgUsers, type UserRecord } from '../repositories/users.repository';
import type { Message } from '../../shared/protocol/index';

/** A stream the caller may read, with the team behind it and the caller's role there. */
export interface StreamAccess {
  stream: StreamRecord;
  team: TeamRecord | null;
  role: TeamRole | null;
}

/**
 * The one authorization rule for reading: team streams are for that team's members only (org admins
 * included only if members); the org stream is for every user of that organization.
 */
export function accessStream(db: Db, user: UserRecord, streamId: string): StreamAccess {
  const stream = getStream(db, streamId);
  // Another organization's stream answers exactly like a missing one: its existence is not ours to tell.
  if (!stream || stream.orgId !== user.orgId) throw new ProtocolError('NOT_FOUND', 'no such stream', 'streamId');
  if (stream.kind === 'org') return { stream, team: null, role: null };
  const team = getTeamByStream(db, stream.id);
  const role = team ? getMembershipRole(db, team.id, user.id) : null;
  if (!team || role === null) throw new ProtocolError('FORBIDDEN', 'not a member of this stream');
  return { stream, team, role };
}

/** A message together with the caller's access to its stream; NOT_FOUND / FORBIDDEN otherwise. */
export function accessMessage(db: Db, user: UserRecord, messageId: string): StreamAccess & { message: Message } {
  const message = getMessage(db, messageId);
  if (!message || getStream(db, message.streamId)?.orgId !== user.orgId)
    throw new ProtocolError('NOT_FOUND', 'no such message', 'messageId');
  return { ...accessStream(db, user, message.streamId), message };
}

/** Ids of everyone who may read a stream. */
export function streamMemberIds(db: Db, stream: StreamRecord): string[] {
  if (stream.kind === 'org') return listOrgUsers(db, stream.orgId).map((u) => u.id);
  const team = getTeamByStream(db, stream.id);
  return team ? listTeamMemberIds(db, team.id) : [];
}

/** A stream as this user sees it, with their own counters. */
export function streamView(
  db: Db,
  userId: string,
  stream: StreamRecord,
  team: TeamRecord | null,
  role: TeamRole | null,
): Stream {
  const lastReadSeq = getReadMark(db, userId, stream.id);
  const { unread, mentions } = countUnread(db, userId, stream.id, lastReadSeq);
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
export function userStreams(db: Db, user: UserRecord): Stream[] {
  const result: Stream[] = [];
  const org = getOrgStream(db, user.orgId);
  if (org) result.push(streamView(db, user.id, org, null, null));
  for (const team of listUserTeams(db, user.id)) {
    const stream = getStream(db, team.streamId);
    if (stream) result.push(streamView(db, user.id, stream, team, team.role));
  }
  return result;
}

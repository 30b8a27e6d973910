import { MAX_NOTE_CHARS, ProtocolError } from '../../shared/protocol/index';
import { accessStream, userStreams } from '../domain/access';
import { listMessagesBefore } from '../repositories/messages.repository';
import { getOrg, getUrlPolicy } from '../repositories/orgs.repository';
import { advanceReadMark, listEventsAfter } from '../repositories/streams.repository';
import { listOrgTeams, listUserTeams, toPublicTeam } from '../repositories/teams.repository';
import { listOrgUsers, toPublicUser } from '../repositories/users.repository';
import type { Handler } from './context';

/** `hello`: who I am, every stream I may read with my counters, and the limits this server enforces. */
export const hello: Handler<'hello'> = (ctx) => {
  const org = getOrg(ctx.db, ctx.user.orgId);
  if (!org) throw new ProtocolError('INTERNAL', 'organization missing');
  return {
    user: toPublicUser(ctx.user),
    org,
    streams: userStreams(ctx.db, ctx.user),
    teams: listUserTeams(ctx.db, ctx.user.id).map(toPublicTeam),
    urlPolicy: getUrlPolicy(ctx.db, ctx.user.orgId),
    limits: { maxBodyChars: ctx.config.maxBodyChars, maxNoteChars: MAX_NOTE_CHARS },
    serverTime: ctx.now,
  };
};

/** `sync`: one page of a stream's log after the client's cursor (count and byte capped). Authorized on every page. */
export const sync: Handler<'sync'> = (ctx, { streamId, afterSeq, limit }) => {
  const { stream } = accessStream(ctx.db, ctx.user, streamId);
  const page = listEventsAfter(ctx.db, streamId, afterSeq, limit, ctx.config.maxPageBytes);
  return { events: page.items, hasMore: page.hasMore, headSeq: stream.headSeq };
};

/** `history`: messages older than a seq, newest first, for scrolling back without replaying the log. */
export const history: Handler<'history'> = (ctx, { streamId, beforeSeq, limit }) => {
  accessStream(ctx.db, ctx.user, streamId);
  const page = listMessagesBefore(ctx.db, streamId, beforeSeq, limit, ctx.config.maxPageBytes);
  return { messages: page.items, hasMore: page.hasMore };
};

/** `read:mark`: moves my read cursor forward (never back, never past the head). */
export const readMark: Handler<'read:mark'> = (ctx, { streamId, seq }) => {
  const { stream } = accessStream(ctx.db, ctx.user, streamId);
  return { lastReadSeq: advanceReadMark(ctx.db, ctx.user.id, streamId, Math.min(seq, stream.headSeq)) };
};

/** `directory:list`: the people and teams of my organization. */
export const directoryList: Handler<'directory:list'> = (ctx) => ({
  users: listOrgUsers(ctx.db, ctx.user.orgId).map(toPublicUser),
  teams: listOrgTeams(ctx.db, ctx.user.orgId).map(toPublicTeam),
});

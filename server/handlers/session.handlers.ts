import { MAX_NOTE_CHARS, ProtocolError } from '../../shared/protocol/index';
import { accessStream, userStreams } from '../domain/access';
import { toPublicTeam } from '../repositories/teams.repository';
import { toPublicUser } from '../repositories/users.repository';
import type { Handler } from './context';

/** `hello`: who I am, every stream I may read with my counters, and the limits this server enforces. */
export const hello: Handler<'hello'> = async ({ tx, user, config, now }) => {
  const org = await tx.orgs.get(user.orgId);
  if (!org) throw new ProtocolError('INTERNAL', 'organization missing');
  return {
    user: toPublicUser(user),
    org,
    streams: await userStreams(tx, user),
    teams: (await tx.teams.listForUser(user.id)).map(toPublicTeam),
    urlPolicy: await tx.orgs.getUrlPolicy(user.orgId),
    limits: {
      maxBodyChars: config.maxBodyChars,
      maxNoteChars: MAX_NOTE_CHARS,
      maxFileBytes: await tx.files.maxFileBytes(user.orgId),
    },
    serverTime: now,
  };
};

/** `sync`: one page of a stream's log after the client's cursor (count and byte capped). Authorized on every page. */
export const sync: Handler<'sync'> = async (ctx, { streamId, afterSeq, limit }) => {
  const { stream } = await accessStream(ctx.tx, ctx.user, streamId);
  const page = await ctx.tx.streams.eventsAfter(streamId, afterSeq, limit, ctx.config.maxPageBytes);
  return { events: page.items, hasMore: page.hasMore, headSeq: stream.headSeq };
};

/** `history`: messages older than a seq, newest first, for scrolling back without replaying the log. */
export const history: Handler<'history'> = async (ctx, { streamId, beforeSeq, limit }) => {
  await accessStream(ctx.tx, ctx.user, streamId);
  const page = await ctx.tx.messages.pageBefore(streamId, beforeSeq, limit, ctx.config.maxPageBytes);
  return { messages: page.items, hasMore: page.hasMore };
};

/** `read:mark`: moves my read cursor forward (never back, never past the head). */
export const readMark: Handler<'read:mark'> = async (ctx, { streamId, seq }) => {
  const { stream } = await accessStream(ctx.tx, ctx.user, streamId);
  return { lastReadSeq: await ctx.tx.streams.advanceReadMark(ctx.user.id, streamId, Math.min(seq, stream.headSeq)) };
};

/** `directory:list`: the people and teams of my organization. */
export const directoryList: Handler<'directory:list'> = async ({ tx, user }) => {
  // a display name is visible to the whole organization (profiles.ts), so the directory may carry it
  const displayNames = await tx.profiles.displayNamesByOrg(user.orgId);
  return {
    users: (await tx.users.listByOrg(user.orgId)).map((u) => ({
      ...toPublicUser(u),
      displayName: displayNames.get(u.id) ?? u.name,
    })),
    teams: (await tx.teams.listByOrg(user.orgId)).map(toPublicTeam),
  };
};

/*
 * The fake's direct conversations (`dm:open`), kept apart from fakeApi.ts: opens the conversation of
 * exactly these people, or returns the one they have, like the server; refuses offline like the core.
 */
import type { IpcRequestParsed, IpcResponse } from '../../shared/ipc';
import type { ApiError, Stream, User } from '../../shared/protocol';
import { makeStream } from '../helpers/entities';

/** What of the fake a conversation needs: its people, its streams, and whether the server answers. */
export interface DirectWorld {
  me: User;
  users: User[];
  streams: Stream[];
  serverOnline: boolean;
}

/** A direct conversation of these people, as `me` sees it (named after the others). */
export function makeDirect(me: User, others: User[], extra: Partial<Stream> = {}): Stream {
  const participants = [me, ...others].map(({ id, name, handle }) => ({ id, name, handle }));
  return makeStream(others.map((u) => u.name).join(', '), {
    kind: 'direct',
    teamId: null,
    role: null,
    participants,
    ...extra,
  });
}

const key = (ids: Iterable<string>) => [...new Set(ids)].sort().join(',');

/** `dm:open` against the fake world; throws the refusal the core would answer. */
export function openDirect(
  world: DirectWorld,
  request: IpcRequestParsed<'dm:open'>,
  refuse: (error: ApiError) => never,
): IpcResponse<'dm:open'> {
  if (!world.serverOnline) refuse({ code: 'UNAVAILABLE', message: 'opening a conversation needs the server' });
  const ids = [world.me.id, ...request.userIds];
  const existing = world.streams.find(
    (s) => s.kind === 'direct' && key((s.participants ?? []).map((p) => p.id)) === key(ids),
  );
  if (existing) return { stream: existing, created: false };
  const others = world.users.filter((u) => u.id !== world.me.id && request.userIds.includes(u.id));
  if (others.length === 0) refuse({ code: 'INVALID', message: 'userIds: nobody else', field: 'userIds' });
  const stream = makeDirect(world.me, others);
  world.streams = [...world.streams, stream];
  return { stream, created: true };
}

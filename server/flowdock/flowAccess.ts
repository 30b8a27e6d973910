import { idSchema, ProtocolError, type Organization, type Stream } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import { accessStream, streamView, userStreams } from '../domain/access';
import type { UserRecord } from '../repositories/users.repository';

/** A flow (team stream or the org stream) the caller may read, with the names its URLs use. */
export interface FlowRef {
  stream: Stream;
  org: Organization;
  /** `parameterized_name` of the flow and of its organization. */
  slug: string;
  orgSlug: string;
}

/** Flowdock's `parameterized_name`: lower case, accents dropped, runs of other characters as `-`. */
export function parameterize(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'flow'
  );
}

async function callerOrg(tx: Tx, user: UserRecord): Promise<Organization> {
  const org = await tx.orgs.get(user.orgId);
  if (!org) throw new ProtocolError('INTERNAL', 'account has no organization');
  return org;
}

function flowRef(stream: Stream, org: Organization): FlowRef {
  return { stream, org, slug: parameterize(stream.name), orgSlug: parameterize(org.name) };
}

/**
 * The streams that are flows: the org stream and team streams. Direct conversations are no flows:
 * they are served only as Flowdock's private conversations (privates.ts), always the caller's own.
 */
async function flowStreams(tx: Tx, user: UserRecord): Promise<Stream[]> {
  return (await userStreams(tx, user)).filter((stream) => stream.kind !== 'direct');
}

/** Every flow the caller may read: the org stream first, then their teams' streams. */
export async function readableFlows(tx: Tx, user: UserRecord): Promise<FlowRef[]> {
  const org = await callerOrg(tx, user);
  return (await flowStreams(tx, user)).map((stream) => flowRef(stream, org));
}

/**
 * The flow `/flows/:org/:flow` names. Another organization's name, or a flow that does not exist,
 * is NOT_FOUND; a team stream of the caller's organization they are not a member of is FORBIDDEN.
 */
export async function flowByPath(tx: Tx, user: UserRecord, orgSlug: string, flowSlug: string): Promise<FlowRef> {
  const org = await callerOrg(tx, user);
  if (parameterize(org.name) !== orgSlug) throw new ProtocolError('NOT_FOUND', 'no such flow', 'flow');
  const readable = (await flowStreams(tx, user)).find((stream) => parameterize(stream.name) === flowSlug);
  if (readable) return flowRef(readable, org);
  const teams = await tx.teams.listByOrg(org.id);
  if (teams.some((team) => parameterize(team.name) === flowSlug))
    throw new ProtocolError('FORBIDDEN', 'not a member of this flow', 'flow');
  throw new ProtocolError('NOT_FOUND', 'no such flow', 'flow');
}

/** The flow with this id (a stream id), under the socket protocol's access rule. */
export async function flowById(tx: Tx, user: UserRecord, flowId: string): Promise<FlowRef> {
  if (!idSchema.safeParse(flowId).success) throw new ProtocolError('NOT_FOUND', 'no such flow', 'flow');
  const access = await accessStream(tx, user, flowId).catch((error: unknown) => {
    // the socket protocol names the field streamId; here it is the flow
    if (error instanceof ProtocolError)
      throw new ProtocolError(error.code, error.message.replace('stream', 'flow'), 'flow');
    throw error;
  });
  if (access.stream.kind === 'direct') throw new ProtocolError('NOT_FOUND', 'no such flow', 'flow');
  const view = await streamView(tx, user.id, access.stream, access.team, access.role);
  return flowRef(view, await callerOrg(tx, user));
}

/** A flow named either way: `org/flow` (parameterized names) or a flow id. */
export async function flowByFilterEntry(tx: Tx, user: UserRecord, entry: string): Promise<FlowRef> {
  const slash = entry.indexOf('/');
  if (slash < 0) return flowById(tx, user, entry);
  return flowByPath(tx, user, entry.slice(0, slash), entry.slice(slash + 1));
}

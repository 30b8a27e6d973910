/*
 * Flowdock's sources (Sources.md): the integrations of a team flow, listed, created (the answer holds
 * the `flow_token`, shown this once), shown and deleted by a user who may manage them: a curator of
 * the team or an org admin (server/domain/integrations/manage.ts, the socket requests' rules).
 */
import { z } from 'zod';
import {
  idSchema,
  integrationAvatarUrlSchema,
  integrationNameSchema,
  ProtocolError,
} from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import {
  createIntegration,
  listIntegrations,
  manageableStream,
  revokeIntegration,
  toIntegration,
} from '../domain/integrations/manage';
import type { IntegrationRecord } from '../repositories/integrations.repository';
import type { UserRecord } from '../repositories/users.repository';
import type { FlowdockRequest } from './context';
import { parameterize } from './flowAccess';
import { inApiFields, parseInput, readBody } from './input';
import { apiBase, readUnit, reply } from './reply';

const createSchema = z.object({ name: integrationNameSchema, avatar: integrationAvatarUrlSchema.optional() });

/**
 * The team stream `/flows/:org/:flow` names, members or not (an org admin manages every team's
 * sources). Another organization's or an unknown flow is NOT_FOUND; the org-wide flow has no
 * sources (FORBIDDEN).
 */
async function teamStreamByPath(tx: Tx, user: UserRecord, orgSlug: string, flowSlug: string): Promise<string> {
  const org = await tx.orgs.get(user.orgId);
  if (!org || parameterize(org.name) !== orgSlug) throw new ProtocolError('NOT_FOUND', 'no such flow', 'flow');
  const team = (await tx.teams.listByOrg(org.id)).find((t) => parameterize(t.name) === flowSlug);
  if (team) return team.streamId;
  const orgStream = await tx.streams.getOrgStream(org.id);
  if (orgStream && parameterize(orgStream.name) === flowSlug)
    throw new ProtocolError('FORBIDDEN', 'sources post into team flows only', 'flow');
  throw new ProtocolError('NOT_FOUND', 'no such flow', 'flow');
}

function sourceJson(r: FlowdockRequest, record: ReturnType<typeof toIntegration>) {
  const [orgSlug, flowSlug] = r.params as [string, string];
  const created = new Date(record.createdAt).toISOString();
  return {
    id: record.id,
    name: record.name,
    url: `${apiBase(r)}/flows/${orgSlug}/${flowSlug}/sources/${record.id}`,
    created_at: created,
    updated_at: created,
    _links: {},
    // Tributary has no OAuth applications: the integration is its own application
    application: { id: record.id, name: record.name, icon_url: record.avatarUrl, url: null },
  };
}

/** Runs a writing unit of work as the caller, mapping the domain's field names to the API's. */
async function writeUnit<T>(r: FlowdockRequest, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await r.deps.store.withTransaction(work);
  } catch (error) {
    const mapped = inApiFields(error);
    if (mapped instanceof ProtocolError && mapped.field === 'avatarUrl')
      throw new ProtocolError(mapped.code, mapped.message, 'avatar');
    throw mapped;
  }
}

/** The source `:id` of the path's flow: NOT_FOUND unless it is a live source of that flow. */
async function pathSource(r: FlowdockRequest, tx: Tx, streamId: string): Promise<IntegrationRecord> {
  const id = r.params[2] ?? '';
  const record = idSchema.safeParse(id).success ? await tx.integrations.get(id) : null;
  if (!record || record.streamId !== streamId || record.revokedAt !== null)
    throw new ProtocolError('NOT_FOUND', 'no such source', 'id');
  return record;
}

/** `GET /flows/:org/:flow/sources`: the flow's live sources, newest first. */
export async function listSources(r: FlowdockRequest): Promise<void> {
  const [orgSlug, flowSlug] = r.params as [string, string];
  const integrations = await readUnit(r, async (tx) =>
    listIntegrations(tx, r.caller.user, await teamStreamByPath(tx, r.caller.user, orgSlug, flowSlug)),
  );
  reply(
    r,
    200,
    integrations.map((i) => sourceJson(r, i)),
  );
}

/** `POST /flows/:org/:flow/sources`: a new source; `201` with its `flow_token`, never shown again. */
export async function createSource(r: FlowdockRequest): Promise<void> {
  const input = parseInput(createSchema, await readBody(r.req));
  const [orgSlug, flowSlug] = r.params as [string, string];
  const { integration, flowToken } = await writeUnit(r, async (tx) => {
    const streamId = await teamStreamByPath(tx, r.caller.user, orgSlug, flowSlug);
    return createIntegration(
      tx,
      r.caller.user,
      { streamId, name: input.name, avatarUrl: input.avatar },
      Date.now(),
      'api',
    );
  });
  reply(r, 201, { ...sourceJson(r, integration), flow_token: flowToken });
}

/** `GET /flows/:org/:flow/sources/:id`: one live source. */
export async function getSource(r: FlowdockRequest): Promise<void> {
  const [orgSlug, flowSlug] = r.params as [string, string];
  const record = await readUnit(r, async (tx) => {
    const streamId = await teamStreamByPath(tx, r.caller.user, orgSlug, flowSlug);
    await manageableStream(tx, r.caller.user, streamId);
    return pathSource(r, tx, streamId);
  });
  reply(r, 200, sourceJson(r, toIntegration(record)));
}

/** `DELETE /flows/:org/:flow/sources/:id`: revokes the source; its flow token is refused from then on. `204`. */
export async function deleteSource(r: FlowdockRequest): Promise<void> {
  const [orgSlug, flowSlug] = r.params as [string, string];
  await writeUnit(r, async (tx) => {
    const streamId = await teamStreamByPath(tx, r.caller.user, orgSlug, flowSlug);
    await manageableStream(tx, r.caller.user, streamId);
    const record = await pathSource(r, tx, streamId);
    return revokeIntegration(tx, r.caller.user, record.id, Date.now(), 'api');
  });
  r.res.writeHead(204, { 'flowdock-user': r.caller.user.id });
  r.res.end();
}

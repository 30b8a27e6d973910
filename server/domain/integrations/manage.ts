/*
 * Integrations (Flowdock's sources) of team streams: created, listed and revoked by a curator of the
 * team or an org admin, over the socket protocol, the Flowdock REST API and the admin CLI alike. A
 * flow token is 160 random bits as 40 hex digits, returned once; only its SHA-256 is stored.
 */
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../../shared/domain/ids';
import { firstBlockedUrl } from '../../../shared/domain/urlPolicy';
import { MAX_INTEGRATIONS_PER_STREAM, ProtocolError, type Integration } from '../../../shared/protocol/index';
import { hashToken } from '../../auth/tokens';
import type { Tx } from '../../db/store';
import type { IntegrationRecord } from '../../repositories/integrations.repository';
import type { StreamWithTeam } from '../../repositories/streams.repository';
import type { UserRecord } from '../../repositories/users.repository';

/** Where an integration was created or revoked, for the audit trail. */
export type IntegrationOrigin = 'app' | 'api' | 'admin-cli';

/** An integration as its stream's curators see it. */
export function toIntegration(record: IntegrationRecord): Integration {
  return {
    id: record.id,
    streamId: record.streamId,
    name: record.name,
    avatarUrl: record.avatarUrl,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
  };
}

/**
 * The team stream whose integrations the user may manage: a curator of its team, or an admin of its
 * organization (members or not). Another organization's stream is NOT_FOUND, like a missing one;
 * the org-wide stream has no integrations (INVALID).
 */
export async function manageableStream(tx: Tx, user: UserRecord, streamId: string): Promise<StreamWithTeam> {
  const found = await tx.streams.getWithTeam(streamId, user.id);
  if (!found || found.stream.orgId !== user.orgId) throw new ProtocolError('NOT_FOUND', 'no such stream', 'streamId');
  if (found.stream.kind !== 'team' || !found.team)
    throw new ProtocolError('INVALID', 'streamId: integrations post into team streams only', 'streamId');
  if (user.orgRole === 'admin' || found.role === 'curator') return found;
  if (found.role === null) throw new ProtocolError('FORBIDDEN', 'not a member of this stream');
  throw new ProtocolError(
    'FORBIDDEN',
    "only a curator of this team or an org admin may manage the team's integrations",
  );
}

function audit(
  tx: Tx,
  user: UserRecord,
  action: string,
  record: IntegrationRecord,
  at: number,
  via: IntegrationOrigin,
) {
  return tx.audit.insert({
    at,
    orgId: record.orgId,
    actorId: via === 'admin-cli' ? null : user.id,
    action,
    target: record.streamId,
    detail: { integrationId: record.id, name: record.name, via },
  });
}

/** Creates an integration of a team stream; its flow token is in this answer only. */
export async function createIntegration(
  tx: Tx,
  user: UserRecord,
  input: { streamId: string; name: string; avatarUrl?: string | undefined },
  now: number,
  via: IntegrationOrigin,
): Promise<{ integration: Integration; flowToken: string }> {
  const { stream } = await manageableStream(tx, user, input.streamId);
  const avatarUrl = input.avatarUrl ?? null;
  if (avatarUrl !== null) {
    // the avatar is fetched by every reader's app: the organization's link policy decides, as for links
    const blocked = firstBlockedUrl([avatarUrl], await tx.orgs.getUrlPolicy(stream.orgId));
    if (blocked) throw new ProtocolError('POLICY_BLOCKED', `${blocked.url}: ${blocked.reason}`, 'avatarUrl');
  }
  if ((await tx.integrations.listLive(stream.id)).length >= MAX_INTEGRATIONS_PER_STREAM)
    throw new ProtocolError(
      'CONFLICT',
      `at most ${MAX_INTEGRATIONS_PER_STREAM} integrations per stream; revoke one first`,
    );
  const flowToken = randomBytes(20).toString('hex');
  const record: IntegrationRecord = {
    id: uuidv7(now),
    orgId: stream.orgId,
    streamId: stream.id,
    name: input.name,
    avatarUrl,
    createdBy: user.id,
    createdAt: now,
    revokedAt: null,
  };
  await tx.integrations.insert({ ...record, tokenHash: hashToken(flowToken) });
  await audit(tx, user, 'integration.create', record, now, via);
  return { integration: toIntegration(record), flowToken };
}

/** A team stream's live integrations, newest first, for someone who may manage them. */
export async function listIntegrations(tx: Tx, user: UserRecord, streamId: string): Promise<Integration[]> {
  const { stream } = await manageableStream(tx, user, streamId);
  return (await tx.integrations.listLive(stream.id)).map(toIntegration);
}

/** Revokes an integration: its flow token is refused from the next post on. */
export async function revokeIntegration(
  tx: Tx,
  user: UserRecord,
  integrationId: string,
  now: number,
  via: IntegrationOrigin,
): Promise<Integration> {
  const record = await tx.integrations.get(integrationId);
  // another organization's integration answers like a missing one
  if (!record || record.orgId !== user.orgId)
    throw new ProtocolError('NOT_FOUND', 'no such integration', 'integrationId');
  await manageableStream(tx, user, record.streamId);
  if (!(await tx.integrations.revoke(record.id, now)))
    throw new ProtocolError('NOT_FOUND', 'no such integration', 'integrationId');
  await audit(tx, user, 'integration.revoke', record, now, via);
  return toIntegration(record);
}

/** The live integration for a presented flow token; null when unknown or revoked. */
export async function resolveFlowToken(tx: Tx, flowToken: string): Promise<IntegrationRecord | null> {
  if (flowToken.length === 0 || flowToken.length > 200) return null;
  const record = await tx.integrations.getByHash(hashToken(flowToken));
  return record && record.revokedAt === null ? record : null;
}

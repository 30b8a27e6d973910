/*
 * The admin CLI's integration commands (create-integration, list-integrations, revoke-integration):
 * the same domain rules as the socket requests, for an operator. An integration's posts are stored
 * under a user who may manage it (its steward): `--as EMAIL`, or by default the team's first curator.
 */
import {
  idSchema,
  integrationAvatarUrlSchema,
  integrationNameSchema,
  ProtocolError,
  type Integration,
} from '../../shared/protocol/index';
import type { Store, Tx } from '../db/store';
import { createIntegration, toIntegration } from '../domain/integrations/manage';
import type { TeamRecord } from '../repositories/teams.repository';
import type { UserRecord } from '../repositories/users.repository';
import { AdminError } from './admin.service';

async function orgTeam(tx: Tx, orgName: string, handle: string): Promise<TeamRecord> {
  const org = await tx.orgs.getByName(orgName.trim());
  if (!org) throw new AdminError(`no organization named "${orgName}"`);
  const team = await tx.teams.getByHandle(org.id, handle.trim().toLowerCase());
  if (!team) throw new AdminError(`no team with handle "${handle}" in that organization`);
  return team;
}

/** The integration's steward: the user named by `--as`, or the team's first curator. */
async function steward(tx: Tx, team: TeamRecord, email: string | undefined): Promise<UserRecord> {
  if (email !== undefined) {
    const user = await tx.users.getByEmail(email.trim().toLowerCase());
    if (!user || user.orgId !== team.orgId) throw new AdminError(`no user with email ${email} in that organization`);
    return user;
  }
  const [curatorId] = await tx.teams.memberIds(team.id, 'curator');
  const curator = curatorId === undefined ? null : await tx.users.get(curatorId);
  if (!curator) throw new AdminError(`@${team.handle} has no curator: name a curator or org admin with --as EMAIL`);
  return curator;
}

/** `create-integration`: a new integration of a team stream; its flow token is shown this once. */
export function createIntegrationByCli(
  store: Store,
  input: { org: string; team: string; name: string; avatar?: string | undefined; as?: string | undefined },
): Promise<{ integration: Integration; flowToken: string }> {
  const name = integrationNameSchema.safeParse(input.name);
  if (!name.success) throw new AdminError('--name must be 1 to 100 characters');
  const avatar = input.avatar === undefined ? undefined : integrationAvatarUrlSchema.safeParse(input.avatar);
  if (avatar && !avatar.success) throw new AdminError('--avatar must be an http or https URL');
  return store.withTransaction(async (tx) => {
    const team = await orgTeam(tx, input.org, input.team);
    const user = await steward(tx, team, input.as);
    return createIntegration(
      tx,
      user,
      { streamId: team.streamId, name: name.data, avatarUrl: avatar?.data },
      Date.now(),
      'admin-cli',
    ).catch((error: unknown) => {
      throw error instanceof ProtocolError ? new AdminError(error.message) : error;
    });
  });
}

/** `list-integrations`: a team's live integrations, newest first. */
export function listIntegrationsByCli(store: Store, input: { org: string; team: string }): Promise<Integration[]> {
  return store.withTransaction(
    async (tx) => {
      const team = await orgTeam(tx, input.org, input.team);
      return (await tx.integrations.listLive(team.streamId)).map(toIntegration);
    },
    { readOnly: true },
  );
}

/** `revoke-integration`: revokes one of an organization's integrations; its flow token is refused from then on. */
export function revokeIntegrationByCli(store: Store, input: { org: string; id: string }): Promise<Integration> {
  return store.withTransaction(async (tx) => {
    const org = await tx.orgs.getByName(input.org.trim());
    if (!org) throw new AdminError(`no organization named "${input.org}"`);
    const record = idSchema.safeParse(input.id).success ? await tx.integrations.get(input.id) : null;
    const now = Date.now();
    if (!record || record.orgId !== org.id || !(await tx.integrations.revoke(record.id, now)))
      throw new AdminError(`no live integration ${input.id} in ${org.name}`);
    await tx.audit.insert({
      at: now,
      orgId: org.id,
      actorId: null,
      action: 'integration.revoke',
      target: record.streamId,
      detail: { integrationId: record.id, name: record.name, via: 'admin-cli' },
    });
    return toIntegration(record);
  });
}

/*
 * Publishing, the team requirement and acknowledging (docs/governance.md § Guidelines): each change
 * is audited and collects the push that makes open apps ask again, in the same unit of work.
 */
import { ProtocolError, type Guidelines } from '../../../shared/protocol/index';
import type { Tx } from '../../db/store';
import type { UserRecord } from '../../repositories/users.repository';
import type { Effects } from '../effects';
import { guidelinesState, requireManager, requireReader, type GuidelinesScope } from './scope';

/** A scope's guidelines as this user sees them (with the latest version they acknowledged). */
export async function guidelinesFor(tx: Tx, scope: GuidelinesScope, userId: string): Promise<Guidelines> {
  const state = await guidelinesState(tx, scope);
  return { ...state, acknowledgedVersion: await tx.guidelines.acknowledgedVersion(scope.scopeId, userId) };
}

/** The org's guidelines and those of each of the user's teams, org first. */
export async function listGuidelines(tx: Tx, user: UserRecord): Promise<Guidelines[]> {
  const result = [await guidelinesFor(tx, { scopeId: user.orgId, orgId: user.orgId, team: null, role: null }, user.id)];
  for (const team of await tx.teams.listForUser(user.id))
    result.push(await guidelinesFor(tx, { scopeId: team.id, orgId: team.orgId, team, role: team.role }, user.id));
  return result;
}

/** Pushes a scope's new state to everyone it concerns: the team's stream room, or the org stream's. */
async function announce(tx: Tx, scope: GuidelinesScope, effects: Effects): Promise<void> {
  const streamId = scope.team ? scope.team.streamId : (await tx.streams.getOrgStream(scope.orgId))?.id;
  if (streamId) effects.guidelines.push({ streamId, guidelines: await guidelinesState(tx, scope) });
}

/** Where an audit record says the change came from. */
interface Change {
  tx: Tx;
  user: UserRecord;
  scope: GuidelinesScope;
  now: number;
  effects: Effects;
}

/**
 * Publishes version N+1 (1 for the first). The publisher's own acknowledgement of what they wrote is
 * recorded with it, so a curator is not asked to acknowledge their own text; everyone else is asked.
 */
export async function publishGuidelines({ tx, user, scope, now, effects }: Change, body: string): Promise<Guidelines> {
  requireManager(scope, user);
  const version = ((await tx.guidelines.current(scope.scopeId))?.version ?? 0) + 1;
  const teamId = scope.team?.id ?? null;
  await tx.guidelines.insertVersion({
    scopeId: scope.scopeId,
    orgId: scope.orgId,
    teamId,
    version,
    body,
    publishedBy: user.id,
    publishedAt: now,
  });
  await tx.guidelines.acknowledge(scope.scopeId, user.id, version, now);
  await tx.audit.insert({
    at: now,
    orgId: scope.orgId,
    actorId: user.id,
    action: 'guidelines.publish',
    target: scope.scopeId,
    detail: { ...(teamId ? { teamId } : {}), version, chars: body.length },
  });
  await announce(tx, scope, effects);
  return guidelinesFor(tx, scope, user.id);
}

/** Turns a team's "posting requires acknowledgement" on or off. */
export async function setAcknowledgementRequired(
  { tx, user, scope, now, effects }: Change,
  required: boolean,
): Promise<Guidelines> {
  requireManager(scope, user);
  const team = scope.team;
  if (!team) throw new ProtocolError('INVALID', 'only a team can require acknowledgement', 'teamId');
  const previous = await tx.guidelines.requiresAck(team.id);
  if (previous !== required) {
    await tx.guidelines.setRequiresAck(team.id, required, now);
    await tx.audit.insert({
      at: now,
      orgId: scope.orgId,
      actorId: user.id,
      action: 'guidelines.require',
      target: team.id,
      detail: { teamId: team.id, required, previous },
    });
    await announce(tx, scope, effects);
  }
  return guidelinesFor(tx, scope, user.id);
}

/**
 * Acknowledges the current version: an older one is CONFLICT (a newer text must be read first), one
 * that does not exist NOT_FOUND. Acknowledging again changes nothing and audits nothing.
 */
export async function acknowledgeGuidelines(
  { tx, user, scope, now, effects }: Change,
  version: number,
): Promise<Guidelines> {
  requireReader(scope, user);
  if (scope.team && scope.role === null)
    throw new ProtocolError('FORBIDDEN', "only the team's members acknowledge its guidelines");
  const current = await tx.guidelines.current(scope.scopeId);
  if (!current || version > current.version)
    throw new ProtocolError('NOT_FOUND', 'no such version of these guidelines', 'version');
  if (version < current.version)
    throw new ProtocolError(
      'CONFLICT',
      `version ${current.version} is current: read it and acknowledge that`,
      'version',
    );
  if (await tx.guidelines.acknowledge(scope.scopeId, user.id, version, now)) {
    const teamId = scope.team?.id ?? null;
    await tx.audit.insert({
      at: now,
      orgId: scope.orgId,
      actorId: user.id,
      action: 'guidelines.acknowledge',
      target: scope.scopeId,
      detail: { ...(teamId ? { teamId } : {}), version },
    });
    const admins = (await tx.users.listByOrg(scope.orgId)).filter((u) => u.orgRole === 'admin').map((u) => u.id);
    const curators = scope.team ? await tx.teams.memberIds(scope.team.id, 'curator') : [];
    effects.guidelineAcks.push({
      userIds: [...new Set([user.id, ...curators, ...admins])],
      ack: { teamId, userId: user.id, version, at: now },
    });
  }
  return guidelinesFor(tx, scope, user.id);
}

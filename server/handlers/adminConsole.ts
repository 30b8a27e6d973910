/*
 * What every admin console request shares: only an org admin may run it, it acts on the caller's own
 * organization, and it reuses AdminService (the CLI's operations) inside the request's unit of work
 * with the admin as the audit actor, its live effects collected with the request's.
 */
import { randomBytes } from 'node:crypto';
import { ProtocolError, type AdminTeam, type AdminUser } from '../../shared/protocol/index';
import { AdminError, AdminService } from '../admin/admin.service';
import type { Tx } from '../db/store';
import type { Effects } from '../domain/effects';
import type { TeamRecord } from '../repositories/teams.repository';
import type { UserRecord } from '../repositories/users.repository';
import type { HandlerContext } from './context';

/** Refuses everyone but an org admin. */
export function requireOrgAdmin(ctx: HandlerContext): void {
  if (ctx.user.orgRole !== 'admin') throw new ProtocolError('FORBIDDEN', 'only an org admin may use the admin console');
}

/** Adds what `from` collected to `into`. */
function mergeEffects(into: Effects, from: Effects): void {
  for (const key of Object.keys(from) as Array<keyof Effects>) (into[key] as unknown[]).push(...from[key]);
}

/**
 * Runs an AdminService operation as the calling org admin, inside the request's unit of work, and
 * answers its refusals as ProtocolErrors (with the field the request named it by).
 */
export async function asAdmin<T>(
  ctx: HandlerContext,
  operation: (service: AdminService, orgName: string) => Promise<T>,
): Promise<T> {
  requireOrgAdmin(ctx);
  const org = await ctx.tx.orgs.get(ctx.user.orgId);
  if (!org) throw new ProtocolError('NOT_FOUND', 'organization no longer exists');
  const service = new AdminService(
    { withTransaction: (work) => work(ctx.tx) },
    {
      actor: { id: ctx.user.id },
      origin: 'server',
      sink: (effects) => mergeEffects(ctx.effects, effects),
      ...(ctx.config.scryptCost !== undefined ? { scryptCost: ctx.config.scryptCost } : {}),
    },
  );
  try {
    return await operation(service, org.name);
  } catch (error) {
    if (error instanceof AdminError) throw new ProtocolError(error.code, error.message, error.field);
    throw error;
  }
}

/** A user of the caller's organization; another organization's answers like a missing one. */
export async function orgUser(ctx: HandlerContext, userId: string): Promise<UserRecord> {
  const user = await ctx.tx.users.get(userId);
  if (!user || user.orgId !== ctx.user.orgId) throw new ProtocolError('NOT_FOUND', 'no such user', 'userId');
  return user;
}

/** A team of the caller's organization; another organization's answers like a missing one. */
export async function orgTeam(ctx: HandlerContext, teamId: string): Promise<TeamRecord> {
  const team = await ctx.tx.teams.get(teamId);
  if (!team || team.orgId !== ctx.user.orgId) throw new ProtocolError('NOT_FOUND', 'no such team', 'teamId');
  return team;
}

/** A user as the console shows them, read again after a change. */
export async function adminUserView(tx: Tx, userId: string): Promise<AdminUser> {
  const user = await tx.users.get(userId);
  if (!user) throw new ProtocolError('NOT_FOUND', 'no such user', 'userId');
  const { id, email, name, handle, orgRole } = user;
  return { id, email, name, handle, orgRole, deactivated: await tx.deactivations.isDeactivated(id) };
}

/** A team as the console shows it, with its members, read again after a change. */
export async function adminTeamView(tx: Tx, teamId: string): Promise<AdminTeam> {
  const team = await tx.teams.get(teamId);
  if (!team) throw new ProtocolError('NOT_FOUND', 'no such team', 'teamId');
  const members = [];
  for (const role of ['curator', 'member'] as const)
    for (const userId of await tx.teams.memberIds(team.id, role)) members.push({ userId, role });
  const { id, name, handle, policy, streamId, archivedAt } = team;
  return { id, name, handle, policy, streamId, members, archived: archivedAt !== null };
}

/**
 * A password for an account an admin creates or resets without choosing one: 144 random bits, shown
 * to the admin once (the server keeps only its scrypt hash).
 */
export function generatedPassword(): string {
  return randomBytes(18).toString('base64url');
}

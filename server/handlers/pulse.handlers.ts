import { ProtocolError } from '../../shared/protocol/index';
import { computePulse } from '../domain/pulse/compute';
import type { Handler } from './context';

/**
 * `pulse:get`: a team's pulse for its curators and org admins. Another organization's team (or no
 * team) is NOT_FOUND, as everywhere; a member who is not a curator is FORBIDDEN.
 */
export const pulseGet: Handler<'pulse:get'> = async (ctx, { teamId, weeks }) => {
  const team = await ctx.tx.teams.get(teamId);
  if (!team || team.orgId !== ctx.user.orgId) throw new ProtocolError('NOT_FOUND', 'no such team', 'teamId');
  if (ctx.user.orgRole !== 'admin' && (await ctx.tx.teams.membershipRole(team.id, ctx.user.id)) !== 'curator')
    throw new ProtocolError('FORBIDDEN', "only the team's curators and org admins may see its pulse", 'teamId');
  return computePulse(ctx.tx, team, weeks, ctx.now);
};

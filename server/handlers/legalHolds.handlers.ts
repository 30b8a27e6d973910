import { ProtocolError } from '../../shared/protocol/index';
import { placeHold, releaseHold, viewHold } from '../domain/legalHolds';
import type { Handler, HandlerContext } from './context';

/** Legal holds are the compliance officers' tool (docs/governance.md#legal-hold); org admins set retention. */
function requireCompliance(ctx: HandlerContext): void {
  if (ctx.user.orgRole !== 'compliance') throw new ProtocolError('FORBIDDEN', 'only compliance may manage legal holds');
}

/** `hold:list`: the organization's holds, newest first, with what each covers. */
export const holdList: Handler<'hold:list'> = async (ctx, { activeOnly }) => {
  requireCompliance(ctx);
  const holds = await ctx.tx.legalHolds.list(ctx.user.orgId, activeOnly === true);
  const views = [];
  for (const hold of holds) views.push(await viewHold(ctx.tx, hold));
  return { holds: views };
};

/** `hold:place`: a hold on one user or team of the caller's organization; anyone else's answers NOT_FOUND. */
export const holdPlace: Handler<'hold:place'> = async (ctx, { userId, teamId, reason }) => {
  requireCompliance(ctx);
  const { tx, user } = ctx;
  if (userId !== undefined) {
    const held = await tx.users.get(userId);
    if (!held || held.orgId !== user.orgId) throw new ProtocolError('NOT_FOUND', 'no such user', 'userId');
  }
  if (teamId !== undefined) {
    const team = await tx.teams.get(teamId);
    if (!team || team.orgId !== user.orgId) throw new ProtocolError('NOT_FOUND', 'no such team', 'teamId');
  }
  const hold = await placeHold(tx, {
    orgId: user.orgId,
    userId: userId ?? null,
    teamId: teamId ?? null,
    reason,
    actorId: user.id,
    via: 'server',
    now: ctx.now,
  });
  return { hold: await viewHold(tx, hold) };
};

/** `hold:release`: ends an active hold of the caller's organization; what it kept is purgeable again. */
export const holdRelease: Handler<'hold:release'> = async (ctx, { holdId }) => {
  requireCompliance(ctx);
  const hold = await releaseHold(ctx.tx, {
    id: holdId,
    orgId: ctx.user.orgId,
    actorId: ctx.user.id,
    via: 'server',
    now: ctx.now,
  });
  return { hold: await viewHold(ctx.tx, hold) };
};

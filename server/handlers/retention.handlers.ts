import { ProtocolError } from '../../shared/protocol/index';
import { changeRetention } from '../domain/retention';
import type { HandlerContext, Handler } from './context';

/** Retention settings are an org admin's to read and change (docs/governance.md#retention-and-legal-hold). */
function requireOrgAdmin(ctx: HandlerContext): void {
  if (ctx.user.orgRole !== 'admin') throw new ProtocolError('FORBIDDEN', 'only an org admin may manage retention');
}

/** `retention:get`: the organization's default period and its teams' overrides. */
export const retentionGet: Handler<'retention:get'> = async (ctx) => {
  requireOrgAdmin(ctx);
  return { settings: await ctx.tx.retention.getSettings(ctx.user.orgId) };
};

/** `retention:set`: sets the org default or one team's period; audited. The next purge pass applies it. */
export const retentionSet: Handler<'retention:set'> = async (ctx, { teamId, days }) => {
  requireOrgAdmin(ctx);
  const settings = await changeRetention(ctx.tx, {
    orgId: ctx.user.orgId,
    teamId: teamId ?? null,
    days,
    actorId: ctx.user.id,
    via: 'server',
    now: ctx.now,
  });
  return { settings };
};

import { ProtocolError } from '../../shared/protocol/index';
import { changeSpeechPolicy } from '../domain/speech';
import type { Handler } from './context';

/** `speechPolicy:get`: the organization's speech policy, for every user of the organization. */
export const speechPolicyGet: Handler<'speechPolicy:get'> = async (ctx) => ({
  policy: await ctx.tx.speechPolicies.get(ctx.user.orgId),
});

/** `speechPolicy:set`: org admins change some rules of the speech policy; audited and pushed to the org. */
export const speechPolicySet: Handler<'speechPolicy:set'> = async (ctx, { patch }) => {
  if (ctx.user.orgRole !== 'admin')
    throw new ProtocolError('FORBIDDEN', 'only an org admin may change the speech policy');
  const policy = await changeSpeechPolicy(
    ctx.tx,
    { orgId: ctx.user.orgId, patch, actorId: ctx.user.id, via: 'server', now: ctx.now },
    ctx.effects,
  );
  return { policy };
};

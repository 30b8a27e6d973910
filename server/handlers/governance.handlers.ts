import { versionsOf } from '../../shared/domain/editHistory';
import { ProtocolError } from '../../shared/protocol/index';
import { mayReadDirect } from '../domain/access';
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

/**
 * `message:history`: every version of a message with its time and editor, for its author, the
 * curators of its team and compliance (who read every stream of the organization for this).
 */
export const messageHistory: Handler<'message:history'> = async (ctx, { messageId }) => {
  const { tx, user } = ctx;
  const message = await tx.messages.get(messageId);
  const found = message ? await tx.streams.getWithTeam(message.streamId, user.id) : null;
  // A direct conversation is for its participants only, compliance included (exports are its way in).
  if (!message || !found || found.stream.orgId !== user.orgId || !(await mayReadDirect(tx, found, user)))
    throw new ProtocolError('NOT_FOUND', 'no such message', 'messageId');
  const allowed =
    message.authorId === user.id ||
    found.role === 'curator' ||
    (user.orgRole === 'compliance' && found.stream.kind !== 'direct');
  if (!allowed)
    throw new ProtocolError('FORBIDDEN', "only the author, the team's curators and compliance may read the history");
  // A deleted message has no history, except for compliance while a legal hold kept its versions.
  const edits = await tx.messages.listEdits(messageId);
  if (message.deletedAt !== null && (user.orgRole !== 'compliance' || edits.length === 0)) return { versions: [] };
  const versions = versionsOf(message, edits);
  const names = new Map<string, string>();
  for (const id of new Set(versions.map((v) => v.editorId))) names.set(id, (await tx.users.get(id))?.name ?? '');
  return { versions: versions.map((v) => ({ ...v, editorName: names.get(v.editorId) ?? '' })) };
};

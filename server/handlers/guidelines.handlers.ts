import {
  acknowledgeGuidelines,
  guidelinesFor,
  listGuidelines,
  publishGuidelines,
  setAcknowledgementRequired,
} from '../domain/guidelines/manage';
import { acknowledgements, acknowledgementsCsv } from '../domain/guidelines/report';
import { requireReader, resolveScope, versionView } from '../domain/guidelines/scope';
import { ProtocolError } from '../../shared/protocol/index';
import type { Handler, HandlerContext } from './context';

/** What a change needs: the unit of work, the caller, the scope, the time and the push collector. */
async function change(ctx: HandlerContext, teamId: string | undefined) {
  const scope = await resolveScope(ctx.tx, ctx.user, teamId);
  return { tx: ctx.tx, user: ctx.user, scope, now: ctx.now, effects: ctx.effects };
}

/** `guidelines:list`: the org's and each of my teams' guidelines, with what I acknowledged. */
export const guidelinesList: Handler<'guidelines:list'> = async (ctx) => ({
  guidelines: await listGuidelines(ctx.tx, ctx.user),
});

/** `guidelines:get`: one scope's guidelines, for those who may read them. */
export const guidelinesGet: Handler<'guidelines:get'> = async (ctx, { teamId }) => {
  const scope = await resolveScope(ctx.tx, ctx.user, teamId);
  requireReader(scope, ctx.user);
  return { guidelines: await guidelinesFor(ctx.tx, scope, ctx.user.id) };
};

/** `guidelines:version`: one published version, current or older. */
export const guidelinesVersion: Handler<'guidelines:version'> = async (ctx, { teamId, version }) => {
  const scope = await resolveScope(ctx.tx, ctx.user, teamId);
  requireReader(scope, ctx.user);
  const record = await ctx.tx.guidelines.version(scope.scopeId, version);
  if (!record) throw new ProtocolError('NOT_FOUND', 'no such version of these guidelines', 'version');
  return { version: await versionView(ctx.tx, record) };
};

/** `guidelines:publish`: version N+1; audited and pushed. */
export const guidelinesPublish: Handler<'guidelines:publish'> = async (ctx, { teamId, body }) => ({
  guidelines: await publishGuidelines(await change(ctx, teamId), body),
});

/** `guidelines:require`: the team setting "posting requires acknowledgement"; audited and pushed. */
export const guidelinesRequire: Handler<'guidelines:require'> = async (ctx, { teamId, required }) => ({
  guidelines: await setAcknowledgementRequired(await change(ctx, teamId), required),
});

/** `guidelines:acknowledge`: I have read the current version; audited and pushed. */
export const guidelinesAcknowledge: Handler<'guidelines:acknowledge'> = async (ctx, { teamId, version }) => ({
  guidelines: await acknowledgeGuidelines(await change(ctx, teamId), version),
});

/** `guidelines:acknowledgements`: counts and names, for curators and org admins. */
export const guidelinesAcknowledgements: Handler<'guidelines:acknowledgements'> = async (ctx, { teamId }) => {
  const { emails: _emails, ...report } = await acknowledgements(
    ctx.tx,
    ctx.user,
    await resolveScope(ctx.tx, ctx.user, teamId),
  );
  return report;
};

/** `guidelines:export`: the acknowledgements as CSV text. */
export const guidelinesExport: Handler<'guidelines:export'> = async (ctx, { teamId }) =>
  acknowledgementsCsv(ctx.tx, ctx.user, await resolveScope(ctx.tx, ctx.user, teamId));

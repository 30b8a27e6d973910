import { createIntegration, listIntegrations, revokeIntegration } from '../domain/integrations/manage';
import type { Handler } from './context';

/** `integration:create`: a new integration of a team stream; its flow token is in this answer only. */
export const integrationCreate: Handler<'integration:create'> = (ctx, input) =>
  createIntegration(ctx.tx, ctx.user, input, ctx.now, 'app');

/** `integration:list`: a team stream's live integrations, newest first. */
export const integrationList: Handler<'integration:list'> = async (ctx, { streamId }) => ({
  integrations: await listIntegrations(ctx.tx, ctx.user, streamId),
});

/** `integration:revoke`: revokes an integration; its flow token is refused from then on. */
export const integrationRevoke: Handler<'integration:revoke'> = async (ctx, { integrationId }) => ({
  integration: await revokeIntegration(ctx.tx, ctx.user, integrationId, ctx.now, 'app'),
});

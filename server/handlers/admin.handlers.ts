import { ProtocolError } from '../../shared/protocol/index';
import { toApiToken } from '../domain/apiTokens';
import { adminUserView, asAdmin, generatedPassword, orgUser, requireOrgAdmin } from './adminConsole';
import type { Handler } from './context';

/*
 * The admin console's user, link-policy and API-token requests (docs/governance.md#admin-console).
 * Teams and memberships are in admin.teams.handlers.ts.
 */

/** `admin:users`: every user of the organization, by name, with whether they are deactivated. */
export const adminUsers: Handler<'admin:users'> = async (ctx) => {
  requireOrgAdmin(ctx);
  const deactivated = new Set(await ctx.tx.deactivations.listByOrg(ctx.user.orgId));
  const users = await ctx.tx.users.listByOrg(ctx.user.orgId);
  return {
    users: users.map(({ id, email, name, handle, orgRole }) => ({
      id,
      email,
      name,
      handle,
      orgRole,
      deactivated: deactivated.has(id),
    })),
  };
};

/** `admin:addUser`: adds a user to the caller's organization; a generated password is answered once. */
export const adminAddUser: Handler<'admin:addUser'> = async (ctx, { email, name, orgRole, password }) => {
  // hashed before the unit of work when the dispatcher could (handlers/prepare.ts), here otherwise
  const { prepared } = ctx;
  const chosen = prepared?.password ?? password ?? generatedPassword();
  const user = await asAdmin(ctx, (admin, org) =>
    admin.addUser({
      org,
      email,
      name,
      password: chosen,
      ...(prepared ? { passwordHash: prepared.passwordHash } : {}),
      ...(orgRole !== undefined ? { orgRole } : {}),
    }),
  );
  return { user: { ...user, deactivated: false }, ...(password === undefined ? { password: chosen } : {}) };
};

/** `admin:setOrgRole`: changes a user's org role; their sockets hear it. An admin may not demote themself. */
export const adminSetOrgRole: Handler<'admin:setOrgRole'> = async (ctx, { userId, orgRole }) => {
  requireOrgAdmin(ctx);
  // the organization must keep an admin who can undo this: the console's own admin stays one
  if (userId === ctx.user.id && orgRole !== 'admin')
    throw new ProtocolError('INVALID', 'an admin may not change their own org role', 'userId');
  const user = await orgUser(ctx, userId);
  await asAdmin(ctx, (admin) => admin.setOrgRole({ email: user.email, role: orgRole }));
  return { user: await adminUserView(ctx.tx, userId) };
};

/** `admin:deactivate`: ends every session of the user and refuses their login from now on. */
export const adminDeactivate: Handler<'admin:deactivate'> = async (ctx, { userId }) => {
  requireOrgAdmin(ctx);
  if (userId === ctx.user.id) throw new ProtocolError('INVALID', 'an admin may not deactivate themself', 'userId');
  const user = await orgUser(ctx, userId);
  await asAdmin(ctx, (admin) => admin.deactivateUser({ email: user.email }));
  return { user: await adminUserView(ctx.tx, userId) };
};

/** `admin:resetPassword`: sets a new password (a generated one is answered once); every session ends. */
export const adminResetPassword: Handler<'admin:resetPassword'> = async (ctx, { userId, password }) => {
  requireOrgAdmin(ctx);
  const user = await orgUser(ctx, userId);
  const { prepared } = ctx;
  const chosen = prepared?.password ?? password ?? generatedPassword();
  const { revokedSessions } = await asAdmin(ctx, (admin) =>
    admin.resetPassword({
      email: user.email,
      password: chosen,
      ...(prepared ? { passwordHash: prepared.passwordHash } : {}),
    }),
  );
  return { revokedSessions, ...(password === undefined ? { password: chosen } : {}) };
};

/** `admin:urlPolicy`: the organization's link policy. */
export const adminUrlPolicyGet: Handler<'admin:urlPolicy'> = async (ctx) => {
  requireOrgAdmin(ctx);
  return { urlPolicy: await ctx.tx.orgs.getUrlPolicy(ctx.user.orgId) };
};

/** `admin:setUrlPolicy`: replaces the allow and deny lists; everyone connected gets the new policy. */
export const adminUrlPolicySet: Handler<'admin:setUrlPolicy'> = async (ctx, { allow, deny }) => ({
  urlPolicy: await asAdmin(ctx, (admin, org) => admin.setUrlPolicy({ org, allow, deny })),
});

/** `admin:apiTokens`: every live personal API token in the organization with its owner, newest first. */
export const adminApiTokens: Handler<'admin:apiTokens'> = async (ctx) => {
  requireOrgAdmin(ctx);
  const owners = new Map((await ctx.tx.users.listByOrg(ctx.user.orgId)).map((u) => [u.id, u]));
  const records = await ctx.tx.apiTokens.listLiveByOrg(ctx.user.orgId);
  return {
    apiTokens: records.map((record) => {
      const owner = owners.get(record.userId);
      return {
        ...toApiToken(record),
        userId: record.userId,
        userName: owner?.name ?? '',
        userEmail: owner?.email ?? '',
      };
    }),
  };
};

/** `admin:revokeApiToken`: revokes anyone's token in the organization; its streams end. */
export const adminRevokeApiToken: Handler<'admin:revokeApiToken'> = async (ctx, { apiTokenId }) => {
  requireOrgAdmin(ctx);
  const record = await ctx.tx.apiTokens.get(apiTokenId);
  const owner = record ? await ctx.tx.users.get(record.userId) : null;
  // another organization's token, or one already revoked, answers like a missing one
  if (!record || record.revokedAt !== null || !owner || owner.orgId !== ctx.user.orgId)
    throw new ProtocolError('NOT_FOUND', 'no such API token', 'apiTokenId');
  const apiToken = await asAdmin(ctx, (admin) => admin.revokeApiToken({ email: owner.email, tokenId: apiTokenId }));
  return { apiToken: { ...apiToken, userId: owner.id, userName: owner.name, userEmail: owner.email } };
};

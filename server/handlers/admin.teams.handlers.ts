import { adminTeamView, asAdmin, orgTeam, orgUser, requireOrgAdmin } from './adminConsole';
import type { Handler } from './context';

/*
 * The admin console's team and membership requests (docs/governance.md#admin-console). Membership
 * changes reach the member's sockets at once (stream:added / stream:removed / stream:changed).
 */

/** `admin:teams`: every team of the organization, by name, with its members and their roles. */
export const adminTeams: Handler<'admin:teams'> = async (ctx) => {
  requireOrgAdmin(ctx);
  const memberships = await ctx.tx.teams.listMembershipsByOrg(ctx.user.orgId);
  const teams = await ctx.tx.teams.listByOrg(ctx.user.orgId);
  return {
    teams: teams.map(({ id, name, handle, policy, streamId, archivedAt }) => ({
      id,
      name,
      handle,
      policy,
      streamId,
      members: memberships.filter((m) => m.teamId === id).map(({ userId, role }) => ({ userId, role })),
      archived: archivedAt !== null,
    })),
  };
};

/** `admin:addTeam`: creates a team and its stream (no members yet). */
export const adminAddTeam: Handler<'admin:addTeam'> = async (ctx, { name, handle, policy }) => {
  const team = await asAdmin(ctx, (admin, org) =>
    admin.addTeam({
      org,
      name,
      ...(handle !== undefined ? { handle } : {}),
      ...(policy !== undefined ? { policy } : {}),
    }),
  );
  return { team: { ...team, members: [], archived: false } };
};

/** `admin:renameTeam`: renames a team and its stream; its members' sockets get the new name. */
export const adminRenameTeam: Handler<'admin:renameTeam'> = async (ctx, { teamId, name }) => {
  requireOrgAdmin(ctx);
  const team = await orgTeam(ctx, teamId);
  await asAdmin(ctx, (admin, org) => admin.renameTeam({ org, team: team.handle, name }));
  return { team: await adminTeamView(ctx.tx, teamId) };
};

/**
 * `admin:archiveTeam`: archives the team (readable, takes nothing new: docs/governance.md#archived-teams)
 * or opens it again; its members' sockets get the stream as it now is.
 */
export const adminArchiveTeam: Handler<'admin:archiveTeam'> = async (ctx, { teamId, archived }) => {
  requireOrgAdmin(ctx);
  const team = await orgTeam(ctx, teamId);
  await asAdmin(ctx, (admin, org) => admin.archiveTeam({ org, team: team.handle, archived }));
  return { team: await adminTeamView(ctx.tx, teamId) };
};

/** `admin:setTeamPolicy`: approval (curators decide what is shared) or open (shared at once). */
export const adminSetTeamPolicy: Handler<'admin:setTeamPolicy'> = async (ctx, { teamId, policy }) => {
  requireOrgAdmin(ctx);
  const team = await orgTeam(ctx, teamId);
  await asAdmin(ctx, (admin, org) => admin.setPolicy({ org, team: team.handle, policy }));
  return { team: await adminTeamView(ctx.tx, teamId) };
};

/** `admin:setMember`: adds the user to the team with this role, or changes their role there. */
export const adminSetMember: Handler<'admin:setMember'> = async (ctx, { teamId, userId, role }) => {
  requireOrgAdmin(ctx);
  const team = await orgTeam(ctx, teamId);
  const user = await orgUser(ctx, userId);
  await asAdmin(ctx, (admin) => admin.addMember({ email: user.email, team: team.handle, role }));
  return { team: await adminTeamView(ctx.tx, teamId) };
};

/** `admin:removeMember`: removes the user from the team; their pending proposals there are withdrawn. */
export const adminRemoveMember: Handler<'admin:removeMember'> = async (ctx, { teamId, userId }) => {
  requireOrgAdmin(ctx);
  const team = await orgTeam(ctx, teamId);
  const user = await orgUser(ctx, userId);
  await asAdmin(ctx, (admin) => admin.removeMember({ email: user.email, team: team.handle }));
  return { team: await adminTeamView(ctx.tx, teamId) };
};

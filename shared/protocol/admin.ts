import { z } from 'zod';
import { apiTokenSchema } from './apiTokens';
import { idSchema, orgRoleSchema, sharingPolicySchema, teamRoleSchema, teamSchema, userSchema } from './entities';

/*
 * The admin console's requests (docs/governance.md#admin-console): org admins manage the users, teams,
 * memberships, link policy and personal API tokens of their own organization. Every change is audited
 * with the admin as its actor and reaches connected clients at once.
 */

/** An email address as accounts are keyed: trimmed, lower-cased. */
export const adminEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');
/** A person's or a team's display name. */
export const adminNameSchema = z.string().trim().min(1).max(100);
/** A password an admin sets; the server's password policy decides whether it is good enough. */
export const adminPasswordSchema = z.string().min(1).max(1024);
/** A team's @handle. */
export const teamHandleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be lower-case letters, digits, dots, dashes or underscores');
/** One list of the link policy: domain names (the server refuses what is not one). */
export const domainListSchema = z.array(z.string().trim().min(1).max(253)).max(500);
export const urlPolicySchema = z.object({ allow: z.array(z.string()), deny: z.array(z.string()) });

/** A user as the admin console lists them. */
export const adminUserSchema = userSchema.extend({ deactivated: z.boolean() });
export type AdminUser = z.infer<typeof adminUserSchema>;

/** A team as the admin console lists it, with its members and their team roles. */
export const adminTeamSchema = teamSchema.extend({
  members: z.array(z.object({ userId: idSchema, role: teamRoleSchema })),
  /** Archived: readable, but closed to new posts, reactions and proposals (docs/governance.md#archived-teams). */
  archived: z.boolean(),
});
export type AdminTeam = z.infer<typeof adminTeamSchema>;

/** A live personal API token of someone in the organization (never its secret). */
export const adminApiTokenSchema = apiTokenSchema.extend({
  userId: idSchema,
  userName: z.string(),
  userEmail: z.string(),
});
export type AdminApiToken = z.infer<typeof adminApiTokenSchema>;

export const adminUsersRequestSchema = z.object({}).strict();
export const adminUsersResponseSchema = z.object({ users: z.array(adminUserSchema) });

/** Without `password` the server generates one and answers it, this once. */
export const adminAddUserRequestSchema = z
  .object({
    email: adminEmailSchema,
    name: adminNameSchema,
    orgRole: orgRoleSchema.optional(),
    password: adminPasswordSchema.optional(),
  })
  .strict();
export const adminAddUserResponseSchema = z.object({ user: adminUserSchema, password: z.string().optional() });

export const adminUserResponseSchema = z.object({ user: adminUserSchema });
export const adminSetOrgRoleRequestSchema = z.object({ userId: idSchema, orgRole: orgRoleSchema }).strict();
export const adminDeactivateRequestSchema = z.object({ userId: idSchema }).strict();

/** Without `password` the server generates one and answers it, this once. Every session of the user ends. */
export const adminResetPasswordRequestSchema = z
  .object({ userId: idSchema, password: adminPasswordSchema.optional() })
  .strict();
export const adminResetPasswordResponseSchema = z.object({
  revokedSessions: z.number().int().nonnegative(),
  password: z.string().optional(),
});

export const adminTeamsRequestSchema = z.object({}).strict();
export const adminTeamsResponseSchema = z.object({ teams: z.array(adminTeamSchema) });
export const adminTeamResponseSchema = z.object({ team: adminTeamSchema });
export const adminAddTeamRequestSchema = z
  .object({ name: adminNameSchema, handle: teamHandleSchema.optional(), policy: sharingPolicySchema.optional() })
  .strict();
export const adminRenameTeamRequestSchema = z.object({ teamId: idSchema, name: adminNameSchema }).strict();
/** Archives the team (true) or opens it again (false). */
export const adminArchiveTeamRequestSchema = z.object({ teamId: idSchema, archived: z.boolean() }).strict();
export const adminSetTeamPolicyRequestSchema = z.object({ teamId: idSchema, policy: sharingPolicySchema }).strict();
/** Adds the user to the team with this role, or changes their role there. */
export const adminSetMemberRequestSchema = z
  .object({ teamId: idSchema, userId: idSchema, role: teamRoleSchema })
  .strict();
export const adminRemoveMemberRequestSchema = z.object({ teamId: idSchema, userId: idSchema }).strict();

export const adminUrlPolicyGetRequestSchema = z.object({}).strict();
export const adminUrlPolicySetRequestSchema = z.object({ allow: domainListSchema, deny: domainListSchema }).strict();
export const adminUrlPolicyResponseSchema = z.object({ urlPolicy: urlPolicySchema });

export const adminApiTokensRequestSchema = z.object({}).strict();
export const adminApiTokensResponseSchema = z.object({ apiTokens: z.array(adminApiTokenSchema) });
export const adminRevokeApiTokenRequestSchema = z.object({ apiTokenId: idSchema }).strict();
export const adminRevokeApiTokenResponseSchema = z.object({ apiToken: adminApiTokenSchema });

/** The admin console's socket requests, spread into `socketRequests` (org admins of the caller's organization only). */
export const adminSocketRequests = {
  /** Every user of the organization, with whether they are deactivated. */
  'admin:users': { request: adminUsersRequestSchema, response: adminUsersResponseSchema },
  /** Adds a user; the generated password (when none was given) is answered this once. */
  'admin:addUser': { request: adminAddUserRequestSchema, response: adminAddUserResponseSchema },
  /** Changes a user's org role (member, admin, compliance); pushed to their sockets. */
  'admin:setOrgRole': { request: adminSetOrgRoleRequestSchema, response: adminUserResponseSchema },
  /** Deactivates a user: every session ends, login answers DEACTIVATED from then on. */
  'admin:deactivate': { request: adminDeactivateRequestSchema, response: adminUserResponseSchema },
  /** Sets a new password (given or generated) and ends every session of the user. */
  'admin:resetPassword': { request: adminResetPasswordRequestSchema, response: adminResetPasswordResponseSchema },
  /** Every team of the organization with its members. */
  'admin:teams': { request: adminTeamsRequestSchema, response: adminTeamsResponseSchema },
  /** Creates a team and its stream. */
  'admin:addTeam': { request: adminAddTeamRequestSchema, response: adminTeamResponseSchema },
  /** Renames a team and its stream; its members' sockets hear the new name. */
  'admin:renameTeam': { request: adminRenameTeamRequestSchema, response: adminTeamResponseSchema },
  /** Archives a team or opens it again; audited, pushed to its members' sockets as `stream:changed`. */
  'admin:archiveTeam': { request: adminArchiveTeamRequestSchema, response: adminTeamResponseSchema },
  /** Sets a team's sharing policy (approval or open). */
  'admin:setTeamPolicy': { request: adminSetTeamPolicyRequestSchema, response: adminTeamResponseSchema },
  /** Adds a member or changes their team role (member, curator); their sockets join the stream at once. */
  'admin:setMember': { request: adminSetMemberRequestSchema, response: adminTeamResponseSchema },
  /** Removes a member; their sockets leave the stream at once. */
  'admin:removeMember': { request: adminRemoveMemberRequestSchema, response: adminTeamResponseSchema },
  /** The organization's link policy. */
  'admin:urlPolicy': { request: adminUrlPolicyGetRequestSchema, response: adminUrlPolicyResponseSchema },
  /** Replaces the link policy's allow and deny lists; pushed to everyone in the organization. */
  'admin:setUrlPolicy': { request: adminUrlPolicySetRequestSchema, response: adminUrlPolicyResponseSchema },
  /** Every live personal API token in the organization, with its owner. */
  'admin:apiTokens': { request: adminApiTokensRequestSchema, response: adminApiTokensResponseSchema },
  /** Revokes anyone's personal API token in the organization; its streams end. */
  'admin:revokeApiToken': { request: adminRevokeApiTokenRequestSchema, response: adminRevokeApiTokenResponseSchema },
} as const;

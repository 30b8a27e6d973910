import {
  adminAddUser,
  adminApiTokens,
  adminDeactivate,
  adminResetPassword,
  adminRevokeApiToken,
  adminSetOrgRole,
  adminUrlPolicyGet,
  adminUrlPolicySet,
  adminUsers,
} from './admin.handlers';
import {
  adminAddTeam,
  adminArchiveTeam,
  adminRemoveMember,
  adminRenameTeam,
  adminSetMember,
  adminSetTeamPolicy,
  adminTeams,
} from './admin.teams.handlers';
import type { HandlerMap } from './context';

/** The admin console's handlers, spread into the registry (one per `adminSocketRequests` entry). */
export const adminHandlers: Pick<HandlerMap, `admin:${string}` & keyof HandlerMap> = {
  'admin:users': adminUsers,
  'admin:addUser': adminAddUser,
  'admin:setOrgRole': adminSetOrgRole,
  'admin:deactivate': adminDeactivate,
  'admin:resetPassword': adminResetPassword,
  'admin:teams': adminTeams,
  'admin:addTeam': adminAddTeam,
  'admin:renameTeam': adminRenameTeam,
  'admin:archiveTeam': adminArchiveTeam,
  'admin:setTeamPolicy': adminSetTeamPolicy,
  'admin:setMember': adminSetMember,
  'admin:removeMember': adminRemoveMember,
  'admin:urlPolicy': adminUrlPolicyGet,
  'admin:setUrlPolicy': adminUrlPolicySet,
  'admin:apiTokens': adminApiTokens,
  'admin:revokeApiToken': adminRevokeApiToken,
};

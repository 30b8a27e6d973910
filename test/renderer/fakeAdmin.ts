// The fake server's admin console for renderer tests: the organization's users, teams with members,
// link policy and API tokens, changed by the admin channels as the real server would (own org only,
// INVALID/NOT_FOUND/CONFLICT with the field). FakeApi spreads `fakeAdminHandlers(this, …)` in.
import type { AdminChannel } from '../../shared/ipc/adminChannels';
import type { IpcRequestParsed, IpcResponse } from '../../shared/ipc';
import { uuidv7 } from '../../shared/domain/ids';
import { normalizeDomain, type UrlPolicy } from '../../shared/domain/urlPolicy';
import type { SpeechPolicy } from '../../shared/domain/speechPolicy';
import type { AdminApiToken, AdminTeam, AdminUser, ApiError, Team, TeamRole, User } from '../../shared/protocol';

/** What of FakeApi's world the admin console reads and changes. */
export interface FakeWorld {
  me: User;
  users: User[];
  teams: Team[];
  speechPolicy: SpeechPolicy;
}

/** The admin console's own state beside the world, one per FakeApi. */
export class FakeAdmin {
  readonly deactivated = new Set<string>();
  /** ids of archived teams */
  readonly archived = new Set<string>();
  /** team id → user id → role */
  readonly members = new Map<string, Map<string, TeamRole>>();
  urlPolicy: UrlPolicy = { allow: [], deny: [] };
  apiTokens: AdminApiToken[] = [];

  constructor(
    private readonly world: FakeWorld,
    private readonly error: (e: ApiError) => Error,
  ) {}

  /** Everyone of the organization, me included. */
  people(): User[] {
    return [this.world.me, ...this.world.users.filter((u) => u.id !== this.world.me.id)];
  }

  adminUser(user: User): AdminUser {
    return { ...user, deactivated: this.deactivated.has(user.id) };
  }

  adminTeam(team: Team): AdminTeam {
    const members = [...(this.members.get(team.id) ?? new Map<string, TeamRole>())].map(([userId, role]) => ({
      userId,
      role,
    }));
    return { ...team, members, archived: this.archived.has(team.id) };
  }

  requireAdmin(): void {
    if (this.world.me.orgRole !== 'admin')
      throw this.error({ code: 'FORBIDDEN', message: 'only an org admin may use the admin console' });
  }

  user(id: string): User {
    const user = this.people().find((u) => u.id === id);
    if (!user) throw this.error({ code: 'NOT_FOUND', message: 'no such user', field: 'userId' });
    return user;
  }

  team(id: string): Team {
    const team = this.world.teams.find((t) => t.id === id);
    if (!team) throw this.error({ code: 'NOT_FOUND', message: 'no such team', field: 'teamId' });
    return team;
  }

  replaceUser(user: User): void {
    if (user.id === this.world.me.id) this.world.me = user;
    else this.world.users = this.world.users.map((u) => (u.id === user.id ? user : u));
  }

  replaceTeam(team: Team): void {
    this.world.teams = this.world.teams.map((t) => (t.id === team.id ? team : t));
  }

  password(given: string | undefined): { password?: string } {
    if (given !== undefined && [...given].length < 12)
      throw this.error({ code: 'INVALID', message: 'password must have at least 12 characters', field: 'password' });
    return given === undefined ? { password: 'generated-Pw-0123456789' } : {};
  }
}

type AdminHandlers = { [C in AdminChannel]: (r: IpcRequestParsed<C>) => IpcResponse<C> };

const worlds = new WeakMap<object, FakeAdmin>();

/** The admin state of a FakeApi, for tests to set up and inspect. */
export function fakeAdminOf(api: object): FakeAdmin {
  const admin = worlds.get(api);
  if (!admin) throw new Error('not a FakeApi');
  return admin;
}

/** The admin channels of a FakeApi (`world`), refusing with errors made by `error`. */
export function fakeAdminHandlers(world: FakeWorld, error: (e: ApiError) => Error): AdminHandlers {
  const a = new FakeAdmin(world, error);
  worlds.set(world, a);
  const guarded =
    <R, T>(fn: (r: R) => T) =>
    (r: R): T => {
      a.requireAdmin();
      return fn(r);
    };
  return {
    'admin:users': guarded(() => ({ users: a.people().map((u) => a.adminUser(u)) })),
    'admin:addUser': guarded((r) => {
      if (a.people().some((u) => u.email === r.email))
        throw error({ code: 'CONFLICT', message: `user ${r.email} already exists`, field: 'email' });
      const pw = a.password(r.password);
      const handle = r.email.split('@')[0]!;
      const user: User = { id: uuidv7(), email: r.email, name: r.name, handle, orgRole: r.orgRole ?? 'member' };
      world.users = [...world.users, user];
      return { user: a.adminUser(user), ...pw };
    }),
    'admin:setOrgRole': guarded((r) => {
      if (r.userId === world.me.id && r.orgRole !== 'admin')
        throw error({ code: 'INVALID', message: 'an admin may not change their own org role', field: 'userId' });
      const user = { ...a.user(r.userId), orgRole: r.orgRole };
      a.replaceUser(user);
      return { user: a.adminUser(user) };
    }),
    'admin:deactivate': guarded((r) => {
      a.deactivated.add(a.user(r.userId).id);
      return { user: a.adminUser(a.user(r.userId)) };
    }),
    'admin:resetPassword': guarded((r) => {
      a.user(r.userId);
      return { revokedSessions: 1, ...a.password(r.password) };
    }),
    'admin:teams': guarded(() => ({ teams: world.teams.map((t) => a.adminTeam(t)) })),
    'admin:addTeam': guarded((r) => {
      const handle = r.handle ?? r.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      if (world.teams.some((t) => t.handle === handle))
        throw error({ code: 'CONFLICT', message: `handle "${handle}" is already taken`, field: 'handle' });
      const team: Team = { id: uuidv7(), name: r.name, handle, policy: r.policy ?? 'approval', streamId: uuidv7() };
      world.teams = [...world.teams, team];
      return { team: a.adminTeam(team) };
    }),
    'admin:renameTeam': guarded((r) => {
      const team = { ...a.team(r.teamId), name: r.name };
      a.replaceTeam(team);
      return { team: a.adminTeam(team) };
    }),
    'admin:archiveTeam': guarded((r) => {
      const team = a.team(r.teamId);
      if (r.archived) a.archived.add(team.id);
      else a.archived.delete(team.id);
      return { team: a.adminTeam(team) };
    }),
    'admin:setTeamPolicy': guarded((r) => {
      const team = { ...a.team(r.teamId), policy: r.policy };
      a.replaceTeam(team);
      return { team: a.adminTeam(team) };
    }),
    'admin:setMember': guarded((r) => {
      const team = a.team(r.teamId);
      a.user(r.userId);
      const members = a.members.get(team.id) ?? new Map<string, TeamRole>();
      a.members.set(team.id, members.set(r.userId, r.role));
      return { team: a.adminTeam(team) };
    }),
    'admin:removeMember': guarded((r) => {
      const team = a.team(r.teamId);
      if (!a.members.get(team.id)?.delete(r.userId))
        throw error({ code: 'NOT_FOUND', message: 'not a member', field: 'userId' });
      return { team: a.adminTeam(team) };
    }),
    'admin:urlPolicy': guarded(() => ({ urlPolicy: a.urlPolicy })),
    'admin:setUrlPolicy': guarded((r) => {
      for (const list of ['allow', 'deny'] as const)
        for (const domain of r[list])
          if (normalizeDomain(domain) === null)
            throw error({ code: 'INVALID', message: `"${domain}" is not a domain name`, field: list });
      a.urlPolicy = { allow: r.allow.map((d) => d.toLowerCase()), deny: r.deny.map((d) => d.toLowerCase()) };
      return { urlPolicy: a.urlPolicy };
    }),
    'admin:apiTokens': guarded(() => ({ apiTokens: a.apiTokens })),
    'admin:revokeApiToken': guarded((r) => {
      const token = a.apiTokens.find((t) => t.id === r.apiTokenId);
      if (!token) throw error({ code: 'NOT_FOUND', message: 'no such API token', field: 'apiTokenId' });
      a.apiTokens = a.apiTokens.filter((t) => t.id !== r.apiTokenId);
      return { apiToken: token };
    }),
    'speechPolicy:set': guarded((r) => {
      const next = { ...world.speechPolicy };
      for (const [rule, value] of Object.entries(r.patch))
        if (value !== undefined) Object.assign(next, { [rule]: value });
      world.speechPolicy = next;
      return { policy: world.speechPolicy };
    }),
  };
}

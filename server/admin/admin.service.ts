import { uuidv7 } from '../../shared/domain/ids';
import { handleFrom } from '../../shared/domain/mentions';
import { normalizeDomain, type UrlPolicy } from '../../shared/domain/urlPolicy';
import {
  orgRoleSchema,
  sharingPolicySchema,
  teamRoleSchema,
  type Organization,
  type OrgRole,
  type SharingPolicy,
  type Team,
  type TeamRole,
  type User,
} from '../../shared/protocol/index';
import { passwordProblem } from '../auth/passwordPolicy';
import { DEFAULT_SCRYPT_COST, hashPassword } from '../auth/passwords';
import type { Db } from '../db/database';
import { createEffects, type EffectSink } from '../domain/effects';
import { withdrawOnLeave } from '../domain/promotions/machine';
import { insertAudit, listAudit, type AuditRecord } from '../repositories/audit.repository';
import { getOrgByName, insertOrg, setUrlPolicy } from '../repositories/orgs.repository';
import { getOrgStream, insertStream } from '../repositories/streams.repository';
import {
  deleteMembership,
  getMembershipRole,
  getTeamByHandle,
  insertTeam,
  setTeamPolicy,
  toPublicTeam,
  upsertMembership,
  type TeamRecord,
} from '../repositories/teams.repository';
import { deactivateUser } from '../repositories/deactivations.repository';
import { revokeUserTokens } from '../repositories/tokens.repository';
import {
  getUserByEmail,
  handleTaken,
  insertUser,
  setOrgRole,
  setPasswordHash,
  toPublicUser,
  type UserRecord,
} from '../repositories/users.repository';

/** A refusal the admin CLI prints as-is (bad input, unknown names). */
export class AdminError extends Error {}

/** Who performs an admin operation, for the audit trail; null for the operator's CLI. */
export type AdminActor = { id: string } | null;

/**
 * Organization administration on the database directly: used by the admin CLI, the demo seed and
 * tests. When the server runs it, membership and password changes reach connected sockets at once.
 */
export class AdminService {
  constructor(
    private readonly db: Db,
    private readonly options: {
      scryptCost?: number;
      sink?: EffectSink;
      actor?: AdminActor;
      origin?: 'server' | 'admin-cli';
    } = {},
  ) {}

  /** Creates an organization and its org-wide stream. */
  createOrg(name: string): Organization & { streamId: string } {
    const clean = name.trim();
    if (!clean) throw new AdminError('organization name must not be empty');
    if (getOrgByName(this.db, clean)) throw new AdminError(`organization "${clean}" already exists`);
    const now = Date.now();
    const org = { id: uuidv7(now), name: clean };
    const streamId = uuidv7(now);
    this.db.transaction(() => {
      insertOrg(this.db, { ...org, createdAt: now });
      insertStream(this.db, { id: streamId, orgId: org.id, kind: 'org', name: clean, createdAt: now });
      this.audit(org.id, 'org.create', org.id, { name: clean });
    })();
    return { ...org, streamId };
  }

  /** Adds a user to an organization; pass `passwordHash` to reuse a hash (the demo seed does). */
  async addUser(input: {
    org: string;
    email: string;
    name: string;
    password?: string;
    passwordHash?: string;
    orgRole?: OrgRole;
    handle?: string;
  }): Promise<User> {
    const org = this.org(input.org);
    const email = input.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AdminError(`"${input.email}" is not an email address`);
    if (getUserByEmail(this.db, email)) throw new AdminError(`user ${email} already exists`);
    const name = input.name.trim();
    if (!name) throw new AdminError('name must not be empty');
    const orgRole = this.parse(orgRoleSchema, input.orgRole ?? 'member', 'org role');
    // A ready hash is the demo seed's (its documented demo-only password); every other account is checked.
    if (input.passwordHash === undefined) this.checkPassword(input.password ?? '');
    const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? '', this.cost()));
    let handle = input.handle ?? handleFrom(email);
    for (let n = 2; handleTaken(this.db, org.id, handle) || getTeamByHandle(this.db, org.id, handle); n += 1) {
      handle = `${input.handle ?? handleFrom(email)}${n}`;
    }
    const now = Date.now();
    const user: UserRecord = { id: uuidv7(now), orgId: org.id, email, name, handle, orgRole, passwordHash };
    this.db.transaction(() => {
      insertUser(this.db, { ...user, createdAt: now });
      this.audit(org.id, 'user.add', user.id, { email, orgRole });
    })();
    return toPublicUser(user);
  }

  /** Creates a team with its stream. */
  addTeam(input: { org: string; name: string; handle?: string; policy?: SharingPolicy }): Team {
    const org = this.org(input.org);
    const name = input.name.trim();
    if (!name) throw new AdminError('team name must not be empty');
    const handle = input.handle ?? handleFrom(name);
    if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(handle)) throw new AdminError(`"${handle}" is not a valid handle`);
    if (getTeamByHandle(this.db, org.id, handle) || handleTaken(this.db, org.id, handle)) {
      throw new AdminError(`handle "${handle}" is already taken in ${org.name}`);
    }
    const policy = this.parse(sharingPolicySchema, input.policy ?? 'approval', 'policy');
    const now = Date.now();
    const team: TeamRecord = { id: uuidv7(now), orgId: org.id, name, handle, policy, streamId: uuidv7(now) };
    this.db.transaction(() => {
      insertStream(this.db, { id: team.streamId, orgId: org.id, kind: 'team', name, createdAt: now });
      insertTeam(this.db, { ...team, createdAt: now });
      this.audit(org.id, 'team.add', team.id, { name, handle, policy });
    })();
    return toPublicTeam(team);
  }

  /** Adds a user to a team (or changes their role there); their open sockets join the stream at once. */
  addMember(input: { email: string; team: string; role?: TeamRole }): { user: User; team: Team; role: TeamRole } {
    const user = this.user(input.email);
    const team = this.team(user.orgId, input.team);
    const role = this.parse(teamRoleSchema, input.role ?? 'member', 'team role');
    const before = getMembershipRole(this.db, team.id, user.id);
    const effects = createEffects();
    this.db.transaction(() => {
      upsertMembership(this.db, team.id, user.id, role, Date.now());
      this.audit(user.orgId, before === null ? 'member.add' : 'member.role', user.id, {
        teamId: team.id,
        role,
        previous: before,
      });
    })();
    if (before === null) effects.membership.push({ userId: user.id, streamId: team.streamId, change: 'added' });
    this.options.sink?.(effects);
    return { user: toPublicUser(user), team: toPublicTeam(team), role };
  }

  /** Changes a member's team role; refuses non-members. */
  setTeamRole(input: { email: string; team: string; role: TeamRole }): { user: User; team: Team; role: TeamRole } {
    const user = this.user(input.email);
    const team = this.team(user.orgId, input.team);
    if (getMembershipRole(this.db, team.id, user.id) === null)
      throw new AdminError(`${user.email} is not a member of ${team.handle}`);
    return this.addMember(input);
  }

  /**
   * Removes a user from a team; their open sockets leave the stream at once and get `stream:removed`.
   * In the same transaction, the team's pending promotions they authored or proposed are withdrawn.
   */
  removeMember(input: { email: string; team: string }): void {
    const user = this.user(input.email);
    const team = this.team(user.orgId, input.team);
    const effects = createEffects();
    // Membership goes first: the broadcaster moves the sockets out before the withdrawals are emitted.
    effects.membership.push({ userId: user.id, streamId: team.streamId, change: 'removed' });
    this.db.transaction(() => {
      if (!deleteMembership(this.db, team.id, user.id))
        throw new AdminError(`${user.email} is not a member of ${team.handle}`);
      const now = Date.now();
      this.audit(user.orgId, 'member.remove', user.id, { teamId: team.id }, now);
      withdrawOnLeave({ db: this.db, user, effects, now }, team.id);
    })();
    this.options.sink?.(effects);
  }

  /** Changes a user's organization role. */
  setOrgRole(input: { email: string; role: OrgRole }): User {
    const user = this.user(input.email);
    const role = this.parse(orgRoleSchema, input.role, 'org role');
    this.db.transaction(() => {
      setOrgRole(this.db, user.id, role);
      this.audit(user.orgId, 'org.role', user.id, { role, previous: user.orgRole });
    })();
    return { ...toPublicUser(user), orgRole: role };
  }

  /** Sets a new password and ends every session of the user. */
  async resetPassword(input: { email: string; password: string }): Promise<{ revokedSessions: number }> {
    const user = this.user(input.email);
    this.checkPassword(input.password);
    const hash = await hashPassword(input.password, this.cost());
    const effects = createEffects();
    const now = Date.now();
    this.db.transaction(() => {
      setPasswordHash(this.db, user.id, hash);
      effects.revokedTokens.push(...revokeUserTokens(this.db, user.id, now));
      // Same timestamp as the revocation: a running server finds the ended sessions by it.
      this.audit(user.orgId, 'password.reset', user.id, {}, now);
    })();
    this.options.sink?.(effects);
    return { revokedSessions: effects.revokedTokens.length };
  }

  /**
   * Deactivates a user: every session ends, and from now on login and the socket handshake answer
   * DEACTIVATED, which makes the user's desktop apps remove the account's local data.
   */
  deactivateUser(input: { email: string }): { revokedSessions: number; already: boolean } {
    const user = this.user(input.email);
    const effects = createEffects();
    const now = Date.now();
    let fresh = false;
    this.db.transaction(() => {
      fresh = deactivateUser(this.db, user.id, now);
      effects.revokedTokens.push(...revokeUserTokens(this.db, user.id, now));
      // same timestamp as the revocation, as for a password reset: the admin tail finds the sessions by it
      if (fresh) this.audit(user.orgId, 'user.deactivated', user.id, {}, now);
    })();
    this.options.sink?.(effects);
    return { revokedSessions: effects.revokedTokens.length, already: !fresh };
  }

  /** Sets a team's sharing policy: `approval` (curators decide) or `open` (publish at once). */
  setPolicy(input: { org: string; team: string; policy: SharingPolicy }): Team {
    const org = this.org(input.org);
    const team = this.team(org.id, input.team);
    const policy = this.parse(sharingPolicySchema, input.policy, 'policy');
    this.db.transaction(() => {
      setTeamPolicy(this.db, team.id, policy);
      this.audit(org.id, 'team.policy', team.id, { policy, previous: team.policy });
    })();
    return { ...toPublicTeam(team), policy };
  }

  /** Replaces the organization's URL allow/deny lists. */
  setUrlPolicy(input: { org: string; allow: string[]; deny: string[] }): UrlPolicy {
    const org = this.org(input.org);
    const clean = (list: string[]) => [...new Set(list.map((d) => d.trim().toLowerCase()).filter(Boolean))];
    const policy = { allow: clean(input.allow), deny: clean(input.deny) };
    for (const domain of [...policy.allow, ...policy.deny]) {
      if (normalizeDomain(domain) === null) throw new AdminError(`"${domain}" is not a domain name`);
    }
    this.db.transaction(() => {
      setUrlPolicy(this.db, org.id, policy);
      this.audit(org.id, 'org.url_policy', org.id, policy);
    })();
    return policy;
  }

  /** Recent audit records of an organization, newest first. */
  listAudit(input: { org: string; action?: string; limit?: number }): AuditRecord[] {
    const org = this.org(input.org);
    return listAudit(this.db, {
      orgId: org.id,
      ...(input.action !== undefined ? { action: input.action } : {}),
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
    });
  }

  /** The org-wide stream id of an organization. */
  orgStreamId(org: string): string {
    const stream = getOrgStream(this.db, this.org(org).id);
    if (!stream) throw new AdminError(`organization ${org} has no org stream`);
    return stream.id;
  }

  private checkPassword(password: string): void {
    const problem = passwordProblem(password);
    if (problem) throw new AdminError(problem);
  }

  private cost(): number {
    return this.options.scryptCost ?? DEFAULT_SCRYPT_COST;
  }

  private org(name: string): Organization {
    const org = getOrgByName(this.db, name.trim());
    if (!org) throw new AdminError(`no organization named "${name}"`);
    return org;
  }

  private user(email: string): UserRecord {
    const user = getUserByEmail(this.db, email.trim().toLowerCase());
    if (!user) throw new AdminError(`no user with email ${email}`);
    return user;
  }

  private team(orgId: string, handle: string): TeamRecord {
    const team = getTeamByHandle(this.db, orgId, handle.trim().toLowerCase());
    if (!team) throw new AdminError(`no team with handle "${handle}" in that organization`);
    return team;
  }

  private parse<T>(
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
    value: unknown,
    what: string,
  ): T {
    const result = schema.safeParse(value);
    if (!result.success) throw new AdminError(`"${String(value)}" is not a valid ${what}`);
    return result.data;
  }

  private audit(orgId: string, action: string, target: string, detail: Record<string, unknown>, at = Date.now()): void {
    insertAudit(this.db, {
      at,
      orgId,
      actorId: this.options.actor?.id ?? null,
      action,
      target,
      // `via` lets a running server tell changes made by the CLI (which it must push) from its own.
      detail: { ...detail, via: this.options.origin ?? 'admin-cli' },
    });
  }
}

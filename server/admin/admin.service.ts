import { uuidv7 } from '../../shared/domain/ids';
import { handleFrom } from '../../shared/domain/mentions';
import { speechPolicyPatchSchema, type SpeechPolicy } from '../../shared/domain/speechPolicy';
import { normalizeDomain, type UrlPolicy } from '../../shared/domain/urlPolicy';
import {
  apiTokenNameSchema,
  idSchema,
  orgRoleSchema,
  ProtocolError,
  type ApiToken,
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
import type { Store, Tx } from '../db/store';
import { joinedStream } from '../domain/access';
import { createApiToken, revokeApiToken } from '../domain/apiTokens';
import { setTeamArchived } from '../domain/archive';
import { createEffects, type EffectSink } from '../domain/effects';
import { withdrawOnLeave } from '../domain/promotions/machine';
import { collectOrgRole, collectTeamStream, collectTeamRole, collectUrlPolicy } from '../domain/liveAccess';
import { changeSpeechPolicy } from '../domain/speech';
import type { AuditRecord } from '../repositories/audit.repository';
import { toPublicTeam, type TeamRecord } from '../repositories/teams.repository';
import { toPublicUser, type UserRecord } from '../repositories/users.repository';

/**
 * A refusal the admin CLI prints as-is (bad input, unknown names); the admin console's socket requests
 * answer it as a ProtocolError with this code and field.
 */
export class AdminError extends Error {
  constructor(
    message: string,
    readonly code: 'INVALID' | 'NOT_FOUND' | 'CONFLICT' = 'INVALID',
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Who performs an admin operation, for the audit trail; null for the operator's CLI. */
export type AdminActor = { id: string } | null;

/**
 * Organization administration through the unit of work: used by the admin CLI, the demo seed and
 * tests. Each operation is one unit (its checks read inside it, so they hold when it commits); when
 * the server runs it, membership and password changes reach connected sockets once committed.
 */
export class AdminService {
  constructor(
    // Only units of work are needed: the admin console's requests run the service inside their own unit.
    private readonly store: Pick<Store, 'withTransaction'>,
    private readonly options: {
      scryptCost?: number;
      sink?: EffectSink;
      actor?: AdminActor;
      origin?: 'server' | 'admin-cli';
    } = {},
  ) {}

  /** Creates an organization and its org-wide stream. */
  async createOrg(name: string): Promise<Organization & { streamId: string }> {
    const clean = name.trim();
    if (!clean) throw new AdminError('organization name must not be empty');
    return this.store.withTransaction(async (tx) => {
      if (await tx.orgs.getByName(clean)) throw new AdminError(`organization "${clean}" already exists`);
      const now = Date.now();
      const org = { id: uuidv7(now), name: clean };
      const streamId = uuidv7(now);
      await tx.orgs.insert({ ...org, createdAt: now });
      await tx.streams.insert({ id: streamId, orgId: org.id, kind: 'org', name: clean, createdAt: now });
      await this.audit(tx, org.id, 'org.create', org.id, { name: clean });
      return { ...org, streamId };
    });
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
    const email = input.email.trim().toLowerCase();
    const exists = await this.store.withTransaction(
      async (tx) => {
        await this.org(tx, input.org);
        return (await tx.users.getByEmail(email)) !== null;
      },
      { readOnly: true },
    );
    if (!/^[^\s@]+@[^\s@]+$/.test(email))
      throw new AdminError(`"${input.email}" is not an email address`, 'INVALID', 'email');
    if (exists) throw new AdminError(`user ${email} already exists`, 'CONFLICT', 'email');
    const name = input.name.trim();
    if (!name) throw new AdminError('name must not be empty', 'INVALID', 'name');
    const orgRole = this.parse(orgRoleSchema, input.orgRole ?? 'member', 'org role');
    // A ready hash is the demo seed's (its documented demo-only password); every other account is checked.
    if (input.passwordHash === undefined) this.checkPassword(input.password ?? '');
    // Hashed outside the unit of work: scrypt takes a while and must hold no transaction.
    const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? '', this.cost()));
    return this.store.withTransaction(async (tx) => {
      // checked again in the unit that inserts: another admin may have added them meanwhile
      const org = await this.org(tx, input.org);
      if (await tx.users.getByEmail(email)) throw new AdminError(`user ${email} already exists`, 'CONFLICT', 'email');
      let handle = input.handle ?? handleFrom(email);
      for (
        let n = 2;
        (await tx.users.handleTaken(org.id, handle)) || (await tx.teams.getByHandle(org.id, handle));
        n += 1
      )
        handle = `${input.handle ?? handleFrom(email)}${n}`;
      const now = Date.now();
      const user: UserRecord = { id: uuidv7(now), orgId: org.id, email, name, handle, orgRole, passwordHash };
      await tx.users.insert({ ...user, createdAt: now });
      await this.audit(tx, org.id, 'user.add', user.id, { email, orgRole });
      return toPublicUser(user);
    });
  }

  /** Creates a team with its stream. */
  async addTeam(input: { org: string; name: string; handle?: string; policy?: SharingPolicy }): Promise<Team> {
    const name = input.name.trim();
    if (!name) throw new AdminError('team name must not be empty', 'INVALID', 'name');
    const handle = input.handle ?? handleFrom(name);
    if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(handle))
      throw new AdminError(`"${handle}" is not a valid handle`, 'INVALID', 'handle');
    const policy = this.parse(sharingPolicySchema, input.policy ?? 'approval', 'policy');
    return this.store.withTransaction(async (tx) => {
      const org = await this.org(tx, input.org);
      if ((await tx.teams.getByHandle(org.id, handle)) || (await tx.users.handleTaken(org.id, handle)))
        throw new AdminError(`handle "${handle}" is already taken in ${org.name}`, 'CONFLICT', 'handle');
      const now = Date.now();
      const team = { id: uuidv7(now), orgId: org.id, name, handle, policy, streamId: uuidv7(now), archivedAt: null };
      await tx.streams.insert({ id: team.streamId, orgId: org.id, kind: 'team', name, createdAt: now });
      await tx.teams.insert({ ...team, createdAt: now });
      await this.audit(tx, org.id, 'team.add', team.id, { name, handle, policy });
      return toPublicTeam(team);
    });
  }

  /** Adds a user to a team (or changes their role there); their open sockets join the stream at once. */
  async addMember(input: {
    email: string;
    team: string;
    role?: TeamRole;
  }): Promise<{ user: User; team: Team; role: TeamRole }> {
    const role = this.parse(teamRoleSchema, input.role ?? 'member', 'team role');
    const { result, effects } = await this.store.withTransaction(async (tx) => {
      const user = await this.user(tx, input.email);
      const team = await this.team(tx, user.orgId, input.team);
      const before = await tx.teams.membershipRole(team.id, user.id);
      await tx.teams.upsertMembership(team.id, user.id, role, Date.now());
      await this.audit(tx, user.orgId, before === null ? 'member.add' : 'member.role', user.id, {
        teamId: team.id,
        role,
        previous: before,
      });
      const found = createEffects();
      const joined = before === null ? await joinedStream(tx, user, team.streamId) : null;
      if (joined) found.membership.push(joined);
      if (before !== null && before !== role) await collectTeamRole(tx, user, team.streamId, found);
      return { result: { user: toPublicUser(user), team: toPublicTeam(team), role }, effects: found };
    });
    this.options.sink?.(effects);
    return result;
  }

  /** Changes a member's team role; refuses non-members. */
  async setTeamRole(input: {
    email: string;
    team: string;
    role: TeamRole;
  }): Promise<{ user: User; team: Team; role: TeamRole }> {
    await this.store.withTransaction(
      async (tx) => {
        const user = await this.user(tx, input.email);
        const team = await this.team(tx, user.orgId, input.team);
        if ((await tx.teams.membershipRole(team.id, user.id)) === null)
          throw new AdminError(`${user.email} is not a member of ${team.handle}`, 'NOT_FOUND', 'userId');
      },
      { readOnly: true },
    );
    return this.addMember(input);
  }

  /**
   * Removes a user from a team; their open sockets leave the stream at once and get `stream:removed`.
   * In the same unit of work, the team's pending promotions they authored or proposed are withdrawn.
   */
  async removeMember(input: { email: string; team: string }): Promise<void> {
    const effects = await this.store.withTransaction(async (tx) => {
      const user = await this.user(tx, input.email);
      const team = await this.team(tx, user.orgId, input.team);
      const found = createEffects();
      // Membership goes first: the broadcaster moves the sockets out before the withdrawals are emitted.
      found.membership.push({ userId: user.id, streamId: team.streamId, change: 'removed' });
      const now = Date.now();
      if (!(await tx.teams.deleteMembership(team.id, user.id, now)))
        throw new AdminError(`${user.email} is not a member of ${team.handle}`, 'NOT_FOUND', 'userId');
      await this.audit(tx, user.orgId, 'member.remove', user.id, { teamId: team.id }, now);
      await withdrawOnLeave({ tx, user, effects: found, now }, team.id);
      return found;
    });
    this.options.sink?.(effects);
  }

  /** Changes a user's organization role. */
  async setOrgRole(input: { email: string; role: OrgRole }): Promise<User> {
    const role = this.parse(orgRoleSchema, input.role, 'org role');
    const { result, effects } = await this.store.withTransaction(async (tx) => {
      const user = await this.user(tx, input.email);
      await tx.users.setOrgRole(user.id, role);
      await this.audit(tx, user.orgId, 'org.role', user.id, { role, previous: user.orgRole });
      const found = createEffects();
      collectOrgRole({ ...user, orgRole: role }, found);
      return { result: { ...toPublicUser(user), orgRole: role }, effects: found };
    });
    this.options.sink?.(effects);
    return result;
  }

  /**
   * Sets a new password and ends every session of the user. `passwordHash` is that password hashed
   * already (the admin console's, before its unit of work: handlers/prepare.ts).
   */
  async resetPassword(input: {
    email: string;
    password: string;
    passwordHash?: string;
  }): Promise<{ revokedSessions: number }> {
    await this.store.withTransaction((tx) => this.user(tx, input.email), { readOnly: true });
    this.checkPassword(input.password);
    const hash = input.passwordHash ?? (await hashPassword(input.password, this.cost()));
    const now = Date.now();
    const effects = await this.store.withTransaction(async (tx) => {
      const user = await this.user(tx, input.email);
      const found = createEffects();
      await tx.users.setPasswordHash(user.id, hash);
      found.revokedTokens.push(...(await tx.tokens.revokeForUser(user.id, now)));
      // Same timestamp as the revocation: a running server finds the ended sessions by it.
      await this.audit(tx, user.orgId, 'password.reset', user.id, {}, now);
      return found;
    });
    this.options.sink?.(effects);
    return { revokedSessions: effects.revokedTokens.length };
  }

  /**
   * Deactivates a user: every session ends, and from now on login and the socket handshake answer
   * DEACTIVATED, which makes the user's desktop apps remove the account's local data.
   */
  async deactivateUser(input: { email: string }): Promise<{ revokedSessions: number; already: boolean }> {
    const now = Date.now();
    const { effects, fresh } = await this.store.withTransaction(async (tx) => {
      const user = await this.user(tx, input.email);
      const found = createEffects();
      const fresh = await tx.deactivations.deactivate(user.id, now);
      found.revokedTokens.push(...(await tx.tokens.revokeForUser(user.id, now)));
      // Same timestamp as the revocation, as for a password reset: the admin tail finds the sessions by it.
      if (fresh) await this.audit(tx, user.orgId, 'user.deactivated', user.id, {}, now);
      return { effects: found, fresh };
    });
    this.options.sink?.(effects);
    return { revokedSessions: effects.revokedTokens.length, already: !fresh };
  }

  /** Creates a personal API token for a user (bots, the Flowdock-compatible API); its secret is shown once. */
  async createApiToken(input: { email: string; name: string }): Promise<{ apiToken: ApiToken; secret: string }> {
    const name = apiTokenNameSchema.safeParse(input.name);
    if (!name.success) throw new AdminError('--name must be 1 to 100 characters');
    return this.store.withTransaction(async (tx) =>
      createApiToken(tx, await this.user(tx, input.email), name.data, Date.now(), 'admin-cli'),
    );
  }

  /** Revokes one of a user's personal API tokens; the server ends its streams. */
  async revokeApiToken(input: { email: string; tokenId: string }): Promise<ApiToken> {
    const apiToken = await this.store.withTransaction(async (tx) => {
      const user = await this.user(tx, input.email);
      const missing = () =>
        new AdminError(`no API token ${input.tokenId} of ${input.email}`, 'NOT_FOUND', 'apiTokenId');
      if (!idSchema.safeParse(input.tokenId).success) throw missing();
      // the console's admin is the actor; the CLI's operator is nobody in particular
      const origin = this.options.actor ? { adminId: this.options.actor.id } : 'admin-cli';
      return revokeApiToken(tx, user, input.tokenId, Date.now(), origin).catch((error: unknown) => {
        throw error instanceof ProtocolError ? missing() : error;
      });
    });
    const effects = createEffects();
    effects.revokedTokens.push(apiToken.id);
    this.options.sink?.(effects);
    return apiToken;
  }

  /**
   * Renames a team and its stream (the handle stays: mentions and links keep working); its members'
   * sockets get the stream under its new name.
   */
  async renameTeam(input: { org: string; team: string; name: string }): Promise<Team> {
    const name = input.name.trim();
    if (!name) throw new AdminError('team name must not be empty', 'INVALID', 'name');
    const { result, effects } = await this.store.withTransaction(async (tx) => {
      const org = await this.org(tx, input.org);
      const team = await this.team(tx, org.id, input.team);
      await tx.teams.rename(team.id, name);
      await this.audit(tx, org.id, 'team.rename', team.id, { teamId: team.id, name, previous: team.name });
      const found = createEffects();
      await collectTeamStream(tx, team, found);
      return { result: { ...toPublicTeam(team), name }, effects: found };
    });
    this.options.sink?.(effects);
    return result;
  }

  /**
   * Archives a team (its stream stays readable, takes nothing new) or opens it again; audited, and
   * its members' sockets get the stream as it now is. The state it is already in changes nothing.
   */
  async archiveTeam(input: { org: string; team: string; archived: boolean }): Promise<Team & { archived: boolean }> {
    const { result, effects } = await this.store.withTransaction(async (tx) => {
      const org = await this.org(tx, input.org);
      const team = await this.team(tx, org.id, input.team);
      const found = createEffects();
      const actorId = this.options.actor?.id ?? null;
      const change = {
        team,
        archived: input.archived,
        actorId,
        via: this.options.origin ?? 'admin-cli',
        now: Date.now(),
      };
      await setTeamArchived(tx, change, found);
      return { result: { ...toPublicTeam(team), archived: input.archived }, effects: found };
    });
    this.options.sink?.(effects);
    return result;
  }

  /** Sets a team's sharing policy: `approval` (curators decide) or `open` (publish at once). */
  async setPolicy(input: { org: string; team: string; policy: SharingPolicy }): Promise<Team> {
    const policy = this.parse(sharingPolicySchema, input.policy, 'policy');
    return this.store.withTransaction(async (tx) => {
      const org = await this.org(tx, input.org);
      const team = await this.team(tx, org.id, input.team);
      await tx.teams.setPolicy(team.id, policy);
      await this.audit(tx, org.id, 'team.policy', team.id, { policy, previous: team.policy });
      return { ...toPublicTeam(team), policy };
    });
  }

  /** Replaces the organization's URL allow/deny lists. */
  async setUrlPolicy(input: { org: string; allow: string[]; deny: string[] }): Promise<UrlPolicy> {
    const clean = (list: string[]) => [...new Set(list.map((d) => d.trim().toLowerCase()).filter(Boolean))];
    const policy = { allow: clean(input.allow), deny: clean(input.deny) };
    for (const [list, domains] of Object.entries(policy)) {
      for (const domain of domains)
        if (normalizeDomain(domain) === null) throw new AdminError(`"${domain}" is not a domain name`, 'INVALID', list);
    }
    const effects = await this.store.withTransaction(async (tx) => {
      const org = await this.org(tx, input.org);
      await tx.orgs.setUrlPolicy(org.id, policy);
      await this.audit(tx, org.id, 'org.url_policy', org.id, policy);
      const found = createEffects();
      await collectUrlPolicy(tx, org.id, found);
      return found;
    });
    this.options.sink?.(effects);
    return policy;
  }

  /** Changes some rules of the organization's speech policy (who may post in the org stream, who may mention many). */
  async setSpeechPolicy(input: { org: string; patch: Record<string, unknown> }): Promise<SpeechPolicy> {
    const patch = speechPolicyPatchSchema.safeParse(input.patch);
    if (!patch.success) {
      const issue = patch.error.issues[0];
      throw new AdminError(`${issue?.path.join('.') || 'policy'}: ${issue?.message ?? 'invalid'}`);
    }
    const { policy, effects } = await this.store.withTransaction(async (tx) => {
      const org = await this.org(tx, input.org);
      const found = createEffects();
      const via = this.options.origin ?? 'admin-cli';
      const change = {
        orgId: org.id,
        patch: patch.data,
        actorId: this.options.actor?.id ?? null,
        via,
        now: Date.now(),
      };
      return { policy: await changeSpeechPolicy(tx, change, found), effects: found };
    });
    this.options.sink?.(effects);
    return policy;
  }

  /** Recent audit records of an organization, newest first. */
  listAudit(input: { org: string; action?: string; limit?: number }): Promise<AuditRecord[]> {
    return this.store.withTransaction(
      async (tx) =>
        tx.audit.list({
          orgId: (await this.org(tx, input.org)).id,
          ...(input.action !== undefined ? { action: input.action } : {}),
          ...(input.limit !== undefined ? { limit: input.limit } : {}),
        }),
      { readOnly: true },
    );
  }

  /** The org-wide stream id of an organization. */
  orgStreamId(org: string): Promise<string> {
    return this.store.withTransaction(
      async (tx) => {
        const stream = await tx.streams.getOrgStream((await this.org(tx, org)).id);
        if (!stream) throw new AdminError(`organization ${org} has no org stream`);
        return stream.id;
      },
      { readOnly: true },
    );
  }

  private checkPassword(password: string): void {
    const problem = passwordProblem(password);
    if (problem) throw new AdminError(problem, 'INVALID', 'password');
  }

  private cost(): number {
    return this.options.scryptCost ?? DEFAULT_SCRYPT_COST;
  }

  private async org(tx: Tx, name: string): Promise<Organization> {
    const org = await tx.orgs.getByName(name.trim());
    if (!org) throw new AdminError(`no organization named "${name}"`, 'NOT_FOUND');
    return org;
  }

  private async user(tx: Tx, email: string): Promise<UserRecord> {
    const user = await tx.users.getByEmail(email.trim().toLowerCase());
    if (!user) throw new AdminError(`no user with email ${email}`, 'NOT_FOUND', 'userId');
    return user;
  }

  private async team(tx: Tx, orgId: string, handle: string): Promise<TeamRecord> {
    const team = await tx.teams.getByHandle(orgId, handle.trim().toLowerCase());
    if (!team) throw new AdminError(`no team with handle "${handle}" in that organization`, 'NOT_FOUND', 'teamId');
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

  private async audit(
    tx: Tx,
    orgId: string,
    action: string,
    target: string,
    detail: Record<string, unknown>,
    at = Date.now(),
  ): Promise<void> {
    await tx.audit.insert({
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

/*
 * Retention periods and legal holds from the admin CLI (docs/governance.md#retention-and-legal-hold).
 * Every change is one unit of work with its audit record; holds are never deleted, only released.
 */
import {
  MAX_HOLD_REASON_CHARS,
  MAX_RETENTION_DAYS,
  ProtocolError,
  type RetentionSettings,
} from '../../shared/protocol/index';
import type { Store, Tx } from '../db/store';
import { placeHold, releaseHold, viewHold, type HoldActor } from '../domain/legalHolds';
import { changeRetention } from '../domain/retention';
import type { LegalHold } from '../repositories/legalHolds.repository';
import { AdminError, type AdminActor } from './admin.service';

/** A hold as the CLI shows it, with the names of what it covers. */
export interface HoldView extends LegalHold {
  /** The held user's email or the held team's handle. */
  covers: string;
}

/** Retention and legal holds through the unit of work. */
export class RetentionAdmin {
  constructor(
    private readonly store: Store,
    private readonly options: { actor?: AdminActor; origin?: 'server' | 'admin-cli' } = {},
  ) {}

  /** Sets the org default (no `team`) or a team's retention period; `days` null keeps forever. */
  async setRetention(input: { org: string; team?: string; days: number | null }): Promise<RetentionSettings> {
    if (input.days !== null && !(Number.isInteger(input.days) && input.days >= 1 && input.days <= MAX_RETENTION_DAYS))
      throw new AdminError(`--days must be a whole number of days from 1 to ${MAX_RETENTION_DAYS} (or use --forever)`);
    return this.store.withTransaction(async (tx) => {
      const org = await this.org(tx, input.org);
      const team = input.team === undefined ? null : await this.team(tx, org.id, input.team);
      try {
        return await changeRetention(tx, {
          orgId: org.id,
          teamId: team?.id ?? null,
          days: input.days,
          actorId: this.options.actor?.id ?? null,
          via: this.via(),
          now: Date.now(),
        });
      } catch (error) {
        throw error instanceof ProtocolError ? new AdminError(error.message) : error;
      }
    });
  }

  /** The organization's retention settings. */
  getRetention(org: string): Promise<RetentionSettings> {
    return this.store.withTransaction(async (tx) => tx.retention.getSettings((await this.org(tx, org)).id), {
      readOnly: true,
    });
  }

  /** Places a legal hold on a user (`email`) or a team (`team`, a handle) of the organization. */
  async hold(input: { org: string; email?: string; team?: string; reason: string }): Promise<HoldView> {
    if ((input.email === undefined) === (input.team === undefined))
      throw new AdminError('hold needs exactly one of --user EMAIL or --team HANDLE');
    const reason = input.reason.trim();
    if (!reason) throw new AdminError('--reason must not be empty');
    if (reason.length > MAX_HOLD_REASON_CHARS)
      throw new AdminError(`--reason is longer than ${MAX_HOLD_REASON_CHARS} characters`);
    return this.store.withTransaction(async (tx) => {
      const org = await this.org(tx, input.org);
      let userId: string | null = null;
      let teamId: string | null = null;
      if (input.email !== undefined) {
        const user = await tx.users.getByEmail(input.email.trim().toLowerCase());
        if (!user || user.orgId !== org.id) throw new AdminError(`no user with email ${input.email} in ${org.name}`);
        userId = user.id;
      } else {
        teamId = (await this.team(tx, org.id, input.team ?? '')).id;
      }
      const hold = await placeHold(tx, { orgId: org.id, userId, teamId, reason, ...this.holdActor() });
      return this.view(tx, hold);
    });
  }

  /** Releases an active hold: what it kept becomes purgeable again at the next pass. */
  async releaseHold(input: { id: number }): Promise<HoldView> {
    if (!Number.isInteger(input.id) || input.id < 1) throw new AdminError('--id must be a hold number');
    return this.store.withTransaction(async (tx) => {
      try {
        return this.view(tx, await releaseHold(tx, { id: input.id, ...this.holdActor() }));
      } catch (error) {
        throw error instanceof ProtocolError ? new AdminError(error.message) : error;
      }
    });
  }

  /** The organization's holds, newest first; released ones too unless `activeOnly`. */
  listHolds(input: { org: string; activeOnly?: boolean }): Promise<HoldView[]> {
    return this.store.withTransaction(
      async (tx) => {
        const holds = await tx.legalHolds.list((await this.org(tx, input.org)).id, input.activeOnly === true);
        const views: HoldView[] = [];
        for (const hold of holds) views.push(await this.view(tx, hold));
        return views;
      },
      { readOnly: true },
    );
  }

  private async view(tx: Tx, hold: LegalHold): Promise<HoldView> {
    return { ...(await viewHold(tx, hold)), orgId: hold.orgId };
  }

  private async org(tx: Tx, name: string): Promise<{ id: string; name: string }> {
    const org = await tx.orgs.getByName(name.trim());
    if (!org) throw new AdminError(`no organization named "${name}"`);
    return org;
  }

  private async team(tx: Tx, orgId: string, handle: string): Promise<{ id: string }> {
    const team = await tx.teams.getByHandle(orgId, handle.trim().toLowerCase().replace(/^@/, ''));
    if (!team) throw new AdminError(`no team with handle "${handle}" in that organization`);
    return team;
  }

  private actorId(): string | null {
    return this.options.actor?.id ?? null;
  }

  private via(): string {
    return this.options.origin ?? 'admin-cli';
  }

  private holdActor(): HoldActor {
    return { actorId: this.actorId(), via: this.via(), now: Date.now() };
  }
}

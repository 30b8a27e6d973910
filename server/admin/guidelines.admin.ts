/*
 * The admin CLI's guidelines commands (publish-guidelines, list-guidelines, guidelines-acks): the
 * socket handlers' own domain code (server/domain/guidelines), run as an org admin of the
 * organization in one unit of work each, so the CLI applies exactly the rules the app does (limits,
 * audit, the publisher's own acknowledgement).
 */
import { readFileSync } from 'node:fs';
import { guidelinesBodySchema, ProtocolError, type GuidelinesVersion } from '../../shared/protocol/index';
import type { Store, Tx } from '../db/store';
import { createEffects } from '../domain/effects';
import { toCsv } from '../domain/guidelines/csv';
import { acknowledgements } from '../domain/guidelines/report';
import { publishGuidelines } from '../domain/guidelines/manage';
import { resolveScope, versionView, type GuidelinesScope } from '../domain/guidelines/scope';
import type { UserRecord } from '../repositories/users.repository';
import { AdminError } from './admin.service';

/** Which guidelines a command names: the organization's, or one of its teams' by handle. */
export interface GuidelinesTarget {
  org: string;
  team?: string | undefined;
}

/** Publishes the file's text as the next version; `as` (an email) is the publisher, by default the org's first admin. */
export async function publishGuidelinesByCli(
  store: Store,
  input: GuidelinesTarget & { file: string; as?: string | undefined },
): Promise<GuidelinesVersion> {
  let text: string;
  try {
    text = readFileSync(input.file, 'utf8');
  } catch {
    throw new AdminError(`cannot read --file ${input.file}`);
  }
  const body = guidelinesBodySchema.safeParse(text);
  if (!body.success) throw new AdminError(`--file: ${body.error.issues[0]?.message ?? 'not valid guidelines'}`);
  return store.withTransaction(async (tx) => {
    const { publisher, scope } = await resolve(tx, input);
    const now = Date.now();
    // the running server learns of it at each app's next guidelines read; the CLI has no sockets to push to
    const published = await domain(() =>
      publishGuidelines({ tx, user: publisher, scope, now, effects: createEffects() }, body.data),
    );
    if (!published.current) throw new AdminError('the published version was not stored');
    return published.current;
  });
}

/** Every published version of the scope, newest first, with who published it and when. */
export function listGuidelinesByCli(store: Store, input: GuidelinesTarget): Promise<GuidelinesVersion[]> {
  return store.withTransaction(
    async (tx) => {
      const { scope } = await resolve(tx, { ...input, as: undefined });
      const latest = (await tx.guidelines.current(scope.scopeId))?.version ?? 0;
      const versions: GuidelinesVersion[] = [];
      for (let v = latest; v >= 1; v -= 1) {
        const record = await tx.guidelines.version(scope.scopeId, v);
        if (record) versions.push(await versionView(tx, record));
      }
      return versions;
    },
    { readOnly: true },
  );
}

/** One member's acknowledgement as the CLI lists it. */
export interface AckRow {
  name: string;
  email: string;
  acknowledgedVersion: number | null;
  acknowledgedAt: number | null;
}

/**
 * Who acknowledged: every member with their latest acknowledged version, or with `version` only
 * those whose latest acknowledgement is that version; as CSV (the app's export) when asked.
 */
export function guidelinesAcksByCli(
  store: Store,
  input: GuidelinesTarget & { version?: number | undefined; csv: boolean },
): Promise<{ currentVersion: number | null; memberCount: number; rows: AckRow[]; csv?: string }> {
  return store.withTransaction(
    async (tx) => {
      const { publisher, scope } = await resolve(tx, { ...input, as: undefined });
      const report = await domain(() => acknowledgements(tx, publisher, scope));
      const rows = report.members
        .filter((m) => input.version === undefined || m.acknowledgedVersion === input.version)
        .map((m) => ({
          name: m.name,
          email: report.emails.get(m.userId) ?? '',
          acknowledgedVersion: m.acknowledgedVersion,
          acknowledgedAt: m.acknowledgedAt,
        }));
      const result = { currentVersion: report.currentVersion, memberCount: report.memberCount, rows };
      if (!input.csv) return result;
      // the columns of the app's export (acknowledgementsCsv), over the chosen members only
      const current = report.currentVersion;
      const csv = toCsv([
        ['name', 'email', 'acknowledged_version', 'acknowledged_at', 'acknowledged_current'],
        ...rows.map((r) => [
          r.name,
          r.email,
          r.acknowledgedVersion,
          r.acknowledgedAt === null ? null : new Date(r.acknowledgedAt).toISOString(),
          current !== null && r.acknowledgedVersion === current ? 'yes' : 'no',
        ]),
      ]);
      return { ...result, csv };
    },
    { readOnly: true },
  );
}

/** The organization, the scope, and the admin the domain's checks run as. */
async function resolve(
  tx: Tx,
  input: GuidelinesTarget & { as?: string | undefined },
): Promise<{ publisher: UserRecord; scope: GuidelinesScope }> {
  const org = await tx.orgs.getByName(input.org.trim());
  if (!org) throw new AdminError(`no organization named ${input.org}`);
  const publisher =
    input.as !== undefined ? await tx.users.getByEmail(input.as.trim().toLowerCase()) : await firstAdmin(tx, org.id);
  if (!publisher || publisher.orgId !== org.id)
    throw new AdminError(
      input.as !== undefined ? `no user with email ${input.as} in ${org.name}` : `${org.name} has no org admin`,
    );
  let teamId: string | undefined;
  if (input.team !== undefined) {
    const team = await tx.teams.getByHandle(org.id, input.team.trim().toLowerCase().replace(/^@/, ''));
    if (!team) throw new AdminError(`no team @${input.team} in ${org.name}`);
    teamId = team.id;
  }
  return { publisher, scope: await domain(() => resolveScope(tx, publisher, teamId)) };
}

async function firstAdmin(tx: Tx, orgId: string): Promise<UserRecord | null> {
  return (await tx.users.listByOrg(orgId)).find((u) => u.orgRole === 'admin') ?? null;
}

/** The domain's refusals (FORBIDDEN for a publisher who may not, say) as the CLI's errors. */
async function domain<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof ProtocolError ? new AdminError(error.message) : error;
  }
}

import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flag, parseArgs, type ParsedArgs } from '../args';
import { copySqliteToPostgres } from '../db/migrateTo';
import { copyFileBytes } from '../files/copyFiles';
import { openStore, storageTarget, type StorageTarget } from '../db/openStore';
import type { Store } from '../db/store';
import { fileStoreFor } from '../files/fileStore';
import { defaultDataDir } from '../paths';
import { AdminError, AdminService } from './admin.service';
import { runExportCommand } from './exportCommand';
import { guidelinesCommand } from './guidelinesCommand';
import { createIntegrationByCli, listIntegrationsByCli, revokeIntegrationByCli } from './integrations.admin';
import { RetentionAdmin, type HoldView } from './retention.admin';
import { setFileLimit } from './files.admin';
import { readPassword, type PasswordInput } from './readPassword';
import type { OrgRole, SharingPolicy, TeamRole } from '../../shared/protocol/index';

const USAGE = `usage: npm run admin -- <command> [options] [--json] [--data DIR | --database postgres://USER:PASS@HOST:PORT/DB]
commands:
  create-org      --name NAME
  add-user        --org ORG --email EMAIL --name NAME [--role member|admin|compliance] [--handle H]
  add-team        --org ORG --name NAME [--handle H] [--policy approval|open]
  rename-team     --org ORG --team HANDLE --name NAME   (the handle stays)
  archive-team    --org ORG --team HANDLE   (readable, but takes no new posts, reactions or proposals)
  unarchive-team  --org ORG --team HANDLE
  add-member      --email EMAIL --team HANDLE [--role member|curator]
  remove-member   --email EMAIL --team HANDLE
  set-role        --email EMAIL (--team HANDLE --role member|curator | --org-role member|admin|compliance)
  reset-password  --email EMAIL
  deactivate-user --email EMAIL    (ends every session; the user's desktop apps remove their local data)
  set-policy      --org ORG --team HANDLE --policy approval|open   (a team's staged sharing), or
                  --org ORG [--org-posting everyone|curators] [--org-mentions admins|curators|everyone]
                            [--team-mentions everyone|curators]   (who may speak to everyone)
  set-url-policy  --org ORG [--allow DOMAIN]... [--deny DOMAIN]...
  list-audit      --org ORG [--action ACTION] [--limit N]
  set-retention   --org ORG [--team HANDLE] (--days N | --forever)   (the org default, or a team's own period)
  hold            --org ORG (--user EMAIL | --team HANDLE) --reason TEXT   (legal hold: exempt from retention and deletion)
  release-hold    --id N
  list-holds      --org ORG [--active]
  set-file-limit  --org ORG (--mb N | --default)   (largest file upload; the default is 25 MB)
  create-api-token --email EMAIL [--name NAME]   (prints the token once)
  revoke-api-token --email EMAIL --id TOKEN_ID
  create-integration --org ORG --team HANDLE --name NAME [--avatar URL] [--as EMAIL]
                  (prints the flow token once; posts are stored under --as, by default the team's first curator)
  list-integrations  --org ORG --team HANDLE
  revoke-integration --org ORG --id INTEGRATION_ID
  publish-guidelines --org ORG [--team HANDLE] --file PATH [--as EMAIL]
                  (the next version of the org's or the team's guidelines; published as --as, by default the first org admin)
  list-guidelines    --org ORG [--team HANDLE]   (every published version, who published it and when)
  guidelines-acks    --org ORG [--team HANDLE] [--version N] [--csv]
                  (who acknowledged which version; --version N: those whose latest acknowledgement is N)
  migrate-to      --database postgres://… [--data DIR]   (copies this SQLite server into an empty PostgreSQL database)
  export          --org ORG --format jsonl|csv|eml --out DIR [--since CURSOR]
                  (the organization's history, or what changed since an earlier export; prints the next cursor)
Passwords are read from a hidden prompt, or from the first line of standard input when it is not a
terminal. --password PASSWORD still works for scripts but leaves the password in shell history and the
process list. New passwords need at least 12 characters and must not be a common password.
A running server replays membership, role and policy changes and password resets made here to its
connected clients within a second (it follows the audit log).`;

/** `set-policy` flags of the speech policy and the rule each sets. */
const SPEECH_FLAGS = [
  ['org-posting', 'orgStreamPosting'],
  ['org-mentions', 'orgStreamMentions'],
  ['team-mentions', 'teamStreamMentions'],
] as const;

/** Output and exit status of one admin command. */
export interface AdminResult {
  code: number;
  stdout: string;
  stderr: string;
}

function need(args: ParsedArgs, name: string): string {
  const value = flag(args, name);
  if (value === undefined || value === '') throw new AdminError(`--${name} is required`);
  return value;
}

/** The database of `--database`, else the SQLite file of `--data` (or the default folder). */
function target(args: ParsedArgs, use: 'database' | 'data' = 'database'): StorageTarget {
  const database = use === 'database' ? flag(args, 'database') : undefined;
  try {
    return storageTarget(database !== undefined ? { database } : { dataDir: flag(args, 'data') ?? defaultDataDir() });
  } catch (error) {
    throw new AdminError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * `migrate-to`: copies the SQLite server of `--data` (or the default folder) into the empty PostgreSQL
 * database of `--database`, which is migrated first. Stop the server before, start it on the new
 * database after.
 */
async function migrateTo(args: ParsedArgs): Promise<{ text: string; data: unknown }> {
  need(args, 'database');
  const to = target(args);
  const source = await openStore(target(args, 'data'));
  try {
    const destination = await openStore(to);
    try {
      const copied = await copySqliteToPostgres(source, destination);
      // the files' bytes: from the folder beside the SQLite database into PostgreSQL's chunks
      const files = await copyFileBytes(
        source,
        fileStoreFor(source, flag(args, 'data') ?? defaultDataDir()),
        fileStoreFor(destination, null),
      );
      const rows = Object.entries(copied).map(([table, n]) => `${table}: ${n}`);
      return {
        text: `copied to ${destination.location}\n${rows.join('\n')}\nfile bytes: ${files} files`,
        data: copied,
      };
    } finally {
      await destination.close();
    }
  } finally {
    await source.close();
  }
}

/** `export`: writes the organization's history under --out and prints the cursor for the next run. */
async function exportCommand(store: Store, args: ParsedArgs): Promise<{ text: string; data: unknown }> {
  const since = flag(args, 'since');
  const storage = target(args);
  const result = await runExportCommand(store, {
    org: need(args, 'org'),
    files: fileStoreFor(store, storage.engine === 'sqlite' ? dirname(storage.file) : null),
    format: need(args, 'format'),
    outDir: need(args, 'out'),
    ...(since !== undefined ? { since } : {}),
  });
  const what =
    result.format === 'jsonl'
      ? `${result.events} log entries`
      : `${result.messages} messages (${result.events} log entries)`;
  const text = `exported ${what} of ${result.orgName} to ${result.path}\nnext cursor: ${result.cursor}`;
  return { text, data: result };
}

/** What a command may read besides its flags, and where it leaves warnings. */
interface RunIo {
  passwords: PasswordInput;
  warnings: string[];
}

/** The password of add-user / reset-password: `--password` (with a warning) or read from the terminal or stdin. */
async function password(args: ParsedArgs, io: RunIo): Promise<string> {
  const given = flag(args, 'password');
  if (given !== undefined) {
    io.warnings.push(
      'warning: --password leaves the password in shell history and the process list; omit it to be prompted, or pipe it on standard input',
    );
    return given;
  }
  const read = await readPassword(io.passwords, 'Password');
  if (read === '') throw new AdminError('no password given: type it at the prompt or pipe it on standard input');
  return read;
}

/** `set-policy` without `--team`: the organization's speech policy, only the rules given. */
async function speechPolicy(service: AdminService, args: ParsedArgs): Promise<{ text: string; data: unknown }> {
  const patch: Record<string, string> = {};
  for (const [name, rule] of SPEECH_FLAGS) {
    const value = flag(args, name);
    if (value !== undefined) patch[rule] = value;
  }
  if (Object.keys(patch).length === 0)
    throw new AdminError(
      'set-policy needs --team HANDLE --policy, or one of --org-posting, --org-mentions, --team-mentions',
    );
  const policy = await service.setSpeechPolicy({ org: need(args, 'org'), patch });
  const text = `org stream posting: ${policy.orgStreamPosting}; org stream mentions: ${policy.orgStreamMentions}; team stream mentions: ${policy.teamStreamMentions}`;
  return { text, data: policy };
}

/** The integration commands, or null for any other command. */
async function integrationCommand(
  store: Store,
  command: string,
  args: ParsedArgs,
): Promise<{ text: string; data: unknown } | null> {
  switch (command) {
    case 'create-integration': {
      const created = await createIntegrationByCli(store, {
        org: need(args, 'org'),
        team: need(args, 'team'),
        name: need(args, 'name'),
        avatar: flag(args, 'avatar'),
        as: flag(args, 'as'),
      });
      return {
        text: `integration "${created.integration.name}" (${created.integration.id}): flow token ${created.flowToken}\nIt is shown only now: store it safely.`,
        data: created,
      };
    }
    case 'list-integrations': {
      const list = await listIntegrationsByCli(store, { org: need(args, 'org'), team: need(args, 'team') });
      const text = list.map((i) => `${i.id}  ${i.name}  ${new Date(i.createdAt).toISOString()}`).join('\n');
      return { text: text || '(no integrations)', data: list };
    }
    case 'revoke-integration': {
      const revoked = await revokeIntegrationByCli(store, { org: need(args, 'org'), id: need(args, 'id') });
      return { text: `revoked integration "${revoked.name}" (${revoked.id})`, data: revoked };
    }
    default:
      return null;
  }
}

/** A hold in one line: number, what it covers, since when, why, and whether it was released. */
function holdLine(hold: HoldView): string {
  const released = hold.releasedAt === null ? 'active' : `released ${new Date(hold.releasedAt).toISOString()}`;
  return `#${hold.id} ${hold.covers} since ${new Date(hold.createdAt).toISOString()} (${released}): ${hold.reason}`;
}

/** The retention and legal-hold commands, or null for any other command. */
async function retention(
  store: Store,
  command: string,
  args: ParsedArgs,
): Promise<{ text: string; data: unknown } | null> {
  const admin = new RetentionAdmin(store);
  switch (command) {
    case 'set-retention': {
      const forever = flag(args, 'forever') === 'true';
      const days = flag(args, 'days');
      if (forever === (days !== undefined))
        throw new AdminError('set-retention needs exactly one of --days N or --forever');
      if (days !== undefined && !/^\d+$/.test(days)) throw new AdminError('--days must be a whole number of days');
      const team = flag(args, 'team');
      const settings = await admin.setRetention({
        org: need(args, 'org'),
        ...(team !== undefined ? { team } : {}),
        days: forever ? null : Number(days),
      });
      const period = forever ? 'forever' : `${days} days`;
      return { text: `${team === undefined ? 'organization default' : `@${team}`}: keep ${period}`, data: settings };
    }
    case 'hold': {
      const email = flag(args, 'user');
      const team = flag(args, 'team');
      const hold = await admin.hold({
        org: need(args, 'org'),
        ...(email !== undefined ? { email } : {}),
        ...(team !== undefined ? { team } : {}),
        reason: need(args, 'reason'),
      });
      return { text: `placed legal hold ${holdLine(hold)}`, data: hold };
    }
    case 'release-hold': {
      const id = need(args, 'id');
      if (!/^\d+$/.test(id)) throw new AdminError('--id must be a hold number');
      const hold = await admin.releaseHold({ id: Number(id) });
      return { text: `released legal hold ${holdLine(hold)}`, data: hold };
    }
    case 'set-file-limit': {
      const mb = flag(args, 'mb');
      const reset = flag(args, 'default') === 'true';
      if (reset === (mb !== undefined)) throw new AdminError('set-file-limit needs exactly one of --mb N or --default');
      if (mb !== undefined && !/^\d+$/.test(mb)) throw new AdminError('--mb must be a whole number of megabytes');
      const result = await setFileLimit(store, { org: need(args, 'org'), mb: reset ? null : Number(mb) });
      return { text: `largest file upload: ${result.maxFileBytes} bytes`, data: result };
    }
    case 'list-holds': {
      const holds = await admin.listHolds({ org: need(args, 'org'), activeOnly: flag(args, 'active') === 'true' });
      return { text: holds.map(holdLine).join('\n') || '(no legal holds)', data: holds };
    }
    default:
      return null;
  }
}

async function run(
  service: AdminService,
  command: string,
  args: ParsedArgs,
  io: RunIo,
): Promise<{ text: string; data: unknown }> {
  switch (command) {
    case 'create-org': {
      const org = await service.createOrg(need(args, 'name'));
      return { text: `created organization ${org.name} (${org.id})`, data: org };
    }
    case 'add-user': {
      const role = flag(args, 'role');
      const handle = flag(args, 'handle');
      const user = await service.addUser({
        org: need(args, 'org'),
        email: need(args, 'email'),
        name: need(args, 'name'),
        password: await password(args, io),
        ...(role !== undefined ? { orgRole: role as OrgRole } : {}),
        ...(handle !== undefined ? { handle } : {}),
      });
      return { text: `added ${user.email} as @${user.handle} (${user.orgRole})`, data: user };
    }
    case 'add-team': {
      const handle = flag(args, 'handle');
      const policy = flag(args, 'policy');
      const team = await service.addTeam({
        org: need(args, 'org'),
        name: need(args, 'name'),
        ...(handle !== undefined ? { handle } : {}),
        ...(policy !== undefined ? { policy: policy as SharingPolicy } : {}),
      });
      return { text: `added team ${team.name} (@${team.handle}, ${team.policy})`, data: team };
    }
    case 'rename-team': {
      const team = await service.renameTeam({
        org: need(args, 'org'),
        team: need(args, 'team'),
        name: need(args, 'name'),
      });
      return { text: `renamed @${team.handle} to ${team.name}`, data: team };
    }
    case 'archive-team':
    case 'unarchive-team': {
      const archived = command === 'archive-team';
      const team = await service.archiveTeam({ org: need(args, 'org'), team: need(args, 'team'), archived });
      return { text: `${archived ? 'archived' : 'opened again'} @${team.handle}`, data: team };
    }
    case 'add-member': {
      const role = flag(args, 'role');
      const result = await service.addMember({
        email: need(args, 'email'),
        team: need(args, 'team'),
        ...(role !== undefined ? { role: role as TeamRole } : {}),
      });
      return { text: `${result.user.email} is ${result.role} of @${result.team.handle}`, data: result };
    }
    case 'remove-member': {
      await service.removeMember({ email: need(args, 'email'), team: need(args, 'team') });
      return { text: `removed ${need(args, 'email')} from @${need(args, 'team')}`, data: { removed: true } };
    }
    case 'set-role': {
      const orgRole = flag(args, 'org-role');
      if (orgRole !== undefined) {
        const user = await service.setOrgRole({ email: need(args, 'email'), role: orgRole as OrgRole });
        return { text: `${user.email} is now org ${user.orgRole}`, data: user };
      }
      const result = await service.setTeamRole({
        email: need(args, 'email'),
        team: need(args, 'team'),
        role: need(args, 'role') as TeamRole,
      });
      return { text: `${result.user.email} is now ${result.role} of @${result.team.handle}`, data: result };
    }
    case 'reset-password': {
      const result = await service.resetPassword({ email: need(args, 'email'), password: await password(args, io) });
      return { text: `password reset; ${result.revokedSessions} session(s) ended`, data: result };
    }
    case 'deactivate-user': {
      const result = await service.deactivateUser({ email: need(args, 'email') });
      const text = result.already
        ? `${need(args, 'email')} was already deactivated; ${result.revokedSessions} session(s) ended`
        : `deactivated ${need(args, 'email')}; ${result.revokedSessions} session(s) ended`;
      return { text, data: result };
    }
    case 'set-policy': {
      if (flag(args, 'team') === undefined) return speechPolicy(service, args);
      const team = await service.setPolicy({
        org: need(args, 'org'),
        team: need(args, 'team'),
        policy: need(args, 'policy') as SharingPolicy,
      });
      return { text: `@${team.handle} sharing policy: ${team.policy}`, data: team };
    }
    case 'set-url-policy': {
      const policy = await service.setUrlPolicy({
        org: need(args, 'org'),
        allow: args.flags.get('allow') ?? [],
        deny: args.flags.get('deny') ?? [],
      });
      return {
        text: `allow: ${policy.allow.join(', ') || '(any)'}; deny: ${policy.deny.join(', ') || '(none)'}`,
        data: policy,
      };
    }
    case 'list-audit': {
      const limit = flag(args, 'limit');
      if (limit !== undefined && !/^\d+$/.test(limit)) throw new AdminError('--limit must be a number');
      const action = flag(args, 'action');
      const records = await service.listAudit({
        org: need(args, 'org'),
        ...(action !== undefined ? { action } : {}),
        ...(limit !== undefined ? { limit: Number(limit) } : {}),
      });
      const text = records
        .map(
          (r) =>
            `${new Date(r.at).toISOString()} ${r.action} actor=${r.actorId ?? '-'} target=${r.target ?? '-'} ${JSON.stringify(r.detail)}`,
        )
        .join('\n');
      return { text: text || '(no audit records)', data: records };
    }
    case 'create-api-token': {
      const created = await service.createApiToken({
        email: need(args, 'email'),
        name: flag(args, 'name') ?? 'API token',
      });
      return {
        text: `API token "${created.apiToken.name}" (${created.apiToken.id}): ${created.secret}\nIt is shown only now: store it safely.`,
        data: created,
      };
    }
    case 'revoke-api-token': {
      const revoked = await service.revokeApiToken({ email: need(args, 'email'), tokenId: need(args, 'id') });
      return { text: `revoked API token "${revoked.name}" (${revoked.id})`, data: revoked };
    }
    default:
      throw new AdminError(`unknown command "${command}"\n${USAGE}`);
  }
}

/**
 * Runs one admin command against the database `--database` names, or the SQLite file in `--data` (or
 * the default folder); never throws.
 */
export async function adminMain(
  argv: string[],
  options: { scryptCost?: number; passwords?: PasswordInput } = {},
): Promise<AdminResult> {
  let json = false;
  const io: RunIo = { passwords: options.passwords ?? { input: process.stdin, prompt: process.stderr }, warnings: [] };
  try {
    const args = parseArgs(argv, new Set(['json', 'help', 'forever', 'active', 'default', 'csv']));
    json = flag(args, 'json') === 'true';
    const [command] = args.positional;
    if (!command || flag(args, 'help'))
      return { code: command ? 0 : 2, stdout: command ? USAGE : '', stderr: command ? '' : USAGE };
    if (command === 'migrate-to') {
      const result = await migrateTo(args);
      return { code: 0, stdout: json ? JSON.stringify({ ok: true, result: result.data }) : result.text, stderr: '' };
    }
    const store = await openStore(target(args), {
      onWarning: (message) => io.warnings.push(`warning: ${message}`),
    });
    try {
      const service = new AdminService(
        store,
        options.scryptCost === undefined ? {} : { scryptCost: options.scryptCost },
      );
      const result =
        command === 'export'
          ? await exportCommand(store, args)
          : ((await retention(store, command, args)) ??
            (await integrationCommand(store, command, args)) ??
            (await guidelinesCommand(store, command, args)) ??
            (await run(service, command, args, io)));
      const stdout = json ? JSON.stringify({ ok: true, result: result.data }) : result.text;
      return { code: 0, stdout, stderr: io.warnings.join('\n') };
    } finally {
      await store.close();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof AdminError || (error instanceof Error && error.message.includes('needs a value'));
    const text = known ? message : `unexpected error: ${message}`;
    return json
      ? { code: 1, stdout: JSON.stringify({ ok: false, error: text }), stderr: '' }
      : { code: 1, stdout: '', stderr: `error: ${text}` };
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void adminMain(process.argv.slice(2)).then((result) => {
    if (result.stdout) console.log(result.stdout);
    if (result.stderr) console.error(result.stderr);
    process.exit(result.code);
  });
}

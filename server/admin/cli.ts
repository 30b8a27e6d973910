import { pathToFileURL } from 'node:url';
import { flag, parseArgs, type ParsedArgs } from '../args';
import { databaseFile } from '../app';
import { openDatabase } from '../db/database';
import { defaultDataDir } from '../paths';
import { AdminError, AdminService } from './admin.service';
import { readPassword, type PasswordInput } from './readPassword';
import type { OrgRole, SharingPolicy, TeamRole } from '../../shared/protocol/index';

const USAGE = `usage: npm run admin -- <command> [options] [--json] [--data DIR]
commands:
  create-org      --name NAME
  add-user        --org ORG --email EMAIL --name NAME [--role member|admin|compliance] [--handle H]
  add-team        --org ORG --name NAME [--handle H] [--policy approval|open]
  add-member      --email EMAIL --team HANDLE [--role member|curator]
  remove-member   --email EMAIL --team HANDLE
  set-role        --email EMAIL (--team HANDLE --role member|curator | --org-role member|admin|compliance)
  reset-password  --email EMAIL
  deactivate-user --email EMAIL    (ends every session; the user's desktop apps remove their local data)
  set-policy      --org ORG --team HANDLE --policy approval|open
  set-url-policy  --org ORG [--allow DOMAIN]... [--deny DOMAIN]...
  list-audit      --org ORG [--action ACTION] [--limit N]
Passwords are read from a hidden prompt, or from the first line of standard input when it is not a
terminal. --password PASSWORD still works for scripts but leaves the password in shell history and the
process list. New passwords need at least 12 characters and must not be a common password.
Changes made here reach a running server's connected clients on their next request or reconnect;
use the running server for live membership pushes.`;

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

async function run(
  service: AdminService,
  command: string,
  args: ParsedArgs,
  io: RunIo,
): Promise<{ text: string; data: unknown }> {
  switch (command) {
    case 'create-org': {
      const org = service.createOrg(need(args, 'name'));
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
      const team = service.addTeam({
        org: need(args, 'org'),
        name: need(args, 'name'),
        ...(handle !== undefined ? { handle } : {}),
        ...(policy !== undefined ? { policy: policy as SharingPolicy } : {}),
      });
      return { text: `added team ${team.name} (@${team.handle}, ${team.policy})`, data: team };
    }
    case 'add-member': {
      const role = flag(args, 'role');
      const result = service.addMember({
        email: need(args, 'email'),
        team: need(args, 'team'),
        ...(role !== undefined ? { role: role as TeamRole } : {}),
      });
      return { text: `${result.user.email} is ${result.role} of @${result.team.handle}`, data: result };
    }
    case 'remove-member': {
      service.removeMember({ email: need(args, 'email'), team: need(args, 'team') });
      return { text: `removed ${need(args, 'email')} from @${need(args, 'team')}`, data: { removed: true } };
    }
    case 'set-role': {
      const orgRole = flag(args, 'org-role');
      if (orgRole !== undefined) {
        const user = service.setOrgRole({ email: need(args, 'email'), role: orgRole as OrgRole });
        return { text: `${user.email} is now org ${user.orgRole}`, data: user };
      }
      const result = service.setTeamRole({
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
      const result = service.deactivateUser({ email: need(args, 'email') });
      const text = result.already
        ? `${need(args, 'email')} was already deactivated; ${result.revokedSessions} session(s) ended`
        : `deactivated ${need(args, 'email')}; ${result.revokedSessions} session(s) ended`;
      return { text, data: result };
    }
    case 'set-policy': {
      const team = service.setPolicy({
        org: need(args, 'org'),
        team: need(args, 'team'),
        policy: need(args, 'policy') as SharingPolicy,
      });
      return { text: `@${team.handle} sharing policy: ${team.policy}`, data: team };
    }
    case 'set-url-policy': {
      const policy = service.setUrlPolicy({
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
      const records = service.listAudit({
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
    default:
      throw new AdminError(`unknown command "${command}"\n${USAGE}`);
  }
}

/** Runs one admin command against the database in `--data` (or the default folder); never throws. */
export async function adminMain(
  argv: string[],
  options: { scryptCost?: number; passwords?: PasswordInput } = {},
): Promise<AdminResult> {
  let json = false;
  const io: RunIo = { passwords: options.passwords ?? { input: process.stdin, prompt: process.stderr }, warnings: [] };
  try {
    const args = parseArgs(argv, new Set(['json', 'help']));
    json = flag(args, 'json') === 'true';
    const [command] = args.positional;
    if (!command || flag(args, 'help'))
      return { code: command ? 0 : 2, stdout: command ? USAGE : '', stderr: command ? '' : USAGE };
    const db = openDatabase(databaseFile(flag(args, 'data') ?? defaultDataDir()));
    try {
      const service = new AdminService(db, options.scryptCost === undefined ? {} : { scryptCost: options.scryptCost });
      const result = await run(service, command, args, io);
      const stdout = json ? JSON.stringify({ ok: true, result: result.data }) : result.text;
      return { code: 0, stdout, stderr: io.warnings.join('\n') };
    } finally {
      db.close();
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

import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMain } from '../../server/admin/cli';
import { collect, login, loginAndConnect, ok, startTestServer, waitFor, TEST_SCRYPT_COST } from '../helpers/server';
import { createTestStorage, type TestStorage } from '../helpers/storage';

/** The storage the CLI builds an organization in, shared by the tests in order. */
let storage: TestStorage;
beforeAll(async () => {
  storage = await createTestStorage();
});
afterAll(() => storage.dispose());

/** Standard input as a pipe holding `text` (nothing by default): what `… | npm run admin` gives. */
const piped = (text = '') => ({ input: Readable.from(text ? [text] : []), prompt: new PassThrough() });

const adminWithInput = async (stdin: string, ...argv: string[]) => {
  const result = await adminMain([...argv, '--json', ...storage.cliArgs], {
    scryptCost: TEST_SCRYPT_COST,
    passwords: piped(stdin),
  });
  return {
    code: result.code,
    stderr: result.stderr,
    body: JSON.parse(result.stdout) as { ok: boolean; result?: unknown; error?: string },
  };
};
const admin = (...argv: string[]) => adminWithInput('', ...argv);

describe('admin CLI', () => {
  it('builds an organization end to end with --json, and its users can log in', async () => {
    expect((await admin('create-org', '--name', 'Initech')).body).toMatchObject({
      ok: true,
      result: { name: 'Initech' },
    });
    // the password arrives on standard input, never on the command line
    const user = await adminWithInput(
      'tps-reports-cover-sheet\n',
      'add-user',
      '--org',
      'Initech',
      '--email',
      'Peter@Initech.test',
      '--name',
      'Peter Gibbons',
    );
    expect(user).toMatchObject({
      code: 0,
      stderr: '',
      body: { ok: true, result: { email: 'peter@initech.test', handle: 'peter', orgRole: 'member' } },
    });
    await admin(
      'add-user',
      '--org',
      'Initech',
      '--email',
      'bill@initech.test',
      '--name',
      'Bill',
      '--password',
      'yeah-umm-ok-sure',
      '--role',
      'admin',
    );
    expect((await admin('add-team', '--org', 'Initech', '--name', 'Software', '--policy', 'open')).body).toMatchObject({
      ok: true,
      result: { handle: 'software', policy: 'open' },
    });
    expect(
      (await admin('add-member', '--email', 'peter@initech.test', '--team', 'software', '--role', 'curator')).body,
    ).toMatchObject({
      ok: true,
      result: { role: 'curator' },
    });
    expect(
      (await admin('set-role', '--email', 'peter@initech.test', '--team', 'software', '--role', 'member')).body.ok,
    ).toBe(true);
    expect((await admin('set-role', '--email', 'peter@initech.test', '--org-role', 'compliance')).body).toMatchObject({
      result: { orgRole: 'compliance' },
    });
    expect(
      (await admin('set-policy', '--org', 'Initech', '--team', 'software', '--policy', 'approval')).body,
    ).toMatchObject({ result: { policy: 'approval' } });
    expect(
      (await admin('set-url-policy', '--org', 'Initech', '--deny', 'Evil.test', '--deny', 'bad.test')).body,
    ).toMatchObject({
      result: { allow: [], deny: ['evil.test', 'bad.test'] },
    });
    const audit = await admin('list-audit', '--org', 'Initech');
    const actions = (audit.body.result as Array<{ action: string }>).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'org.create',
        'user.add',
        'team.add',
        'member.add',
        'member.role',
        'org.role',
        'team.policy',
        'org.url_policy',
      ]),
    );

    const ts = await startTestServer({ storage, demo: false });
    try {
      const session = await login(ts.url, 'peter@initech.test', 'tps-reports-cover-sheet');
      expect(session.org.name).toBe('Initech');
      expect(session.user.orgRole).toBe('compliance');
    } finally {
      await ts.close();
    }
  });

  it('refuses bad input with a clear error and exit code 1', async () => {
    expect(await admin('add-member', '--email', 'peter@initech.test', '--team', 'nope')).toMatchObject({
      code: 1,
      body: { ok: false, error: 'no team with handle "nope" in that organization' },
    });
    expect(
      (await admin('set-policy', '--org', 'Initech', '--team', 'software', '--policy', 'sometimes')).body.error,
    ).toContain('not a valid policy');
    expect((await admin('add-user', '--org', 'Initech', '--email', 'x@initech.test', '--name', 'X')).body.error).toBe(
      'no password given: type it at the prompt or pipe it on standard input',
    );
    expect((await admin('create-org', '--name', 'Initech')).body.error).toContain('already exists');
    expect((await admin('frobnicate')).code).toBe(1);
    const plain = await adminMain([
      'remove-member',
      '--email',
      'ghost@initech.test',
      '--team',
      'software',
      ...storage.cliArgs,
    ]);
    expect(plain).toMatchObject({ code: 1, stdout: '', stderr: 'error: no user with email ghost@initech.test' });
  });

  it('refuses short and common passwords, and warns when one is given with --password', async () => {
    const add = (pw: string, email: string) =>
      adminWithInput(`${pw}\n`, 'add-user', '--org', 'Initech', '--email', email, '--name', 'Someone');
    expect((await add('short-pw', 'a@initech.test')).body.error).toBe('password must have at least 12 characters');
    expect((await add('qwerty123456', 'b@initech.test')).body.error).toContain('most common passwords');
    expect((await add('LeaveMeAlone', 'c@initech.test')).body.error).toContain('most common passwords');
    const passphrase = 'correct horse battery staple '.repeat(4).trim();
    expect([...passphrase].length).toBeGreaterThanOrEqual(115);
    expect((await add(passphrase, 'd@initech.test')).body.ok).toBe(true);
    expect((await add('x'.repeat(130), 'e@initech.test')).body.ok).toBe(true);
    const flagged = await admin('reset-password', '--email', 'd@initech.test', '--password', 'a-fresh-long-passphrase');
    expect(flagged).toMatchObject({ code: 0, body: { ok: true } });
    expect(flagged.stderr).toContain('--password leaves the password in shell history');
    const session = await startTestServer({ storage, demo: false });
    try {
      expect((await login(session.url, 'd@initech.test', 'a-fresh-long-passphrase')).user.email).toBe('d@initech.test');
    } finally {
      await session.close();
    }
  });

  it('reaches a running server: a member removed by the CLI gets stream:removed, a reset password ends sessions', async () => {
    const ts = await startTestServer({ adminPollMs: 50 });
    try {
      const { socket: bob } = await loginAndConnect(ts.url, 'bob@acme.test');
      const design = (await ok(bob, 'hello', {})).streams.find((s) => s.name === 'Design')!;
      const removed = collect<{ streamId: string }>(bob, 'stream:removed');
      const cli = await adminMain([
        'remove-member',
        '--email',
        'bob@acme.test',
        '--team',
        'design',
        ...ts.storage.cliArgs,
      ]);
      expect(cli.code).toBe(0);
      await waitFor(() => removed.length === 1);
      expect(removed[0]!.streamId).toBe(design.id);
      let disconnected = false;
      bob.on('disconnect', () => (disconnected = true));
      const reset = await adminMain(['reset-password', '--email', 'bob@acme.test', ...ts.storage.cliArgs], {
        scryptCost: TEST_SCRYPT_COST,
        passwords: piped('bobs-new-passphrase\n'),
      });
      expect(reset.stdout).toContain('1 session(s) ended');
      await waitFor(() => disconnected);
      expect((await login(ts.url, 'bob@acme.test', 'bobs-new-passphrase')).user.email).toBe('bob@acme.test');
    } finally {
      await ts.close();
    }
  });

  it('runs as a real process through npm run admin', () => {
    const result = spawnSync(
      'npx',
      ['tsx', 'server/admin/cli.ts', 'list-audit', '--org', 'Initech', '--limit', '2', '--json', ...storage.cliArgs],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(0);
    const body = JSON.parse(result.stdout) as { ok: boolean; result: unknown[] };
    expect(body.ok).toBe(true);
    expect(body.result).toHaveLength(2);
    const bad = spawnSync('npx', ['tsx', 'server/admin/cli.ts', 'list-audit', '--org', 'Nowhere', ...storage.cliArgs], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('no organization named "Nowhere"');
    const piped = spawnSync(
      'npx',
      ['tsx', 'server/admin/cli.ts', 'reset-password', '--email', 'peter@initech.test', '--json', ...storage.cliArgs],
      { encoding: 'utf8', timeout: 30_000, input: 'a-passphrase-from-a-pipe\n' },
    );
    expect(piped.status).toBe(0);
    expect(JSON.parse(piped.stdout)).toMatchObject({ ok: true });
    expect(piped.stderr).not.toContain('warning');
    // Three cold `tsx` starts: each takes seconds on a loaded machine.
  }, 120_000);
});

// The guidelines admin commands against a real server's storage (both engines): publish-guidelines
// makes the next version through the socket handlers' domain code (the app then reads it),
// list-guidelines shows every version with who published it and when, guidelines-acks who
// acknowledged which version (filtered by --version, as CSV with --csv); bad input exits 1 clearly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMain } from '../../server/admin/cli';
import type { GuidelinesVersion } from '../../shared/protocol/index';
import { loginAndConnect, ok, startTestServer, type ClientSocket, type TestServer } from '../helpers/server';

let ts: TestServer;
let bob: ClientSocket;
const dir = mkdtempSync(join(tmpdir(), 'tributary-guidelines-cli-'));

const cli = async (...argv: string[]) => {
  const result = await adminMain([...argv, '--json', ...ts.storage.cliArgs]);
  return { code: result.code, body: JSON.parse(result.stdout) as { ok: boolean; result?: unknown; error?: string } };
};
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  ts = await startTestServer();
  bob = (await loginAndConnect(ts.url, 'bob@acme.test')).socket;
  await ok(bob, 'hello', {});
});
afterAll(async () => {
  bob?.close();
  await ts?.close();
});

describe('guidelines admin commands', () => {
  it('publishes versions the app reads, lists them all, and reports acknowledgements', async () => {
    const before = await cli('list-guidelines', '--org', 'Acme', '--team', 'design');
    expect(before.code).toBe(0);
    const earlier = (before.body.result as GuidelinesVersion[]).length;

    const first = await cli(
      'publish-guidelines',
      '--org',
      'Acme',
      '--team',
      'design',
      '--file',
      file('v1.md', '# Be kind\n'),
    );
    expect(first).toMatchObject({ code: 0, body: { ok: true, result: { version: earlier + 1, body: '# Be kind' } } });
    const second = await cli(
      'publish-guidelines',
      '--org',
      'Acme',
      '--team',
      'design',
      '--file',
      file('v2.md', '# Be kind\n\nAnd share early.'),
      '--as',
      'alice@acme.test',
    );
    expect(second).toMatchObject({
      code: 0,
      body: { result: { version: earlier + 2, publisherName: 'Alice Archer' } },
    });
    const v2 = earlier + 2;

    // the app sees what the CLI published
    const design = (await ok(bob, 'guidelines:list', {})).guidelines.find((g) => g.teamId !== null)!;
    expect(design.current).toMatchObject({
      version: v2,
      body: '# Be kind\n\nAnd share early.',
      publisherName: 'Alice Archer',
    });

    const listed = (await cli('list-guidelines', '--org', 'Acme', '--team', 'design')).body
      .result as GuidelinesVersion[];
    expect(listed.map((v) => v.version)).toEqual(Array.from({ length: v2 }, (_, i) => v2 - i));
    expect(listed[1]).toMatchObject({ version: v2 - 1, body: '# Be kind' });
    expect(listed[1]!.publisherName).not.toBe('');
    expect(listed[0]!.publishedAt).toBeGreaterThanOrEqual(listed[1]!.publishedAt);

    await ok(bob, 'guidelines:acknowledge', { teamId: design.teamId!, version: v2 });
    const acks = await cli('guidelines-acks', '--org', 'Acme', '--team', 'design', '--version', String(v2));
    const rows = (acks.body.result as { rows: Array<{ email: string; acknowledgedVersion: number }> }).rows;
    // alice published it (her own acknowledgement comes with it) and bob acknowledged it
    expect(rows.map((r) => r.email).sort()).toEqual(['alice@acme.test', 'bob@acme.test']);
    expect(rows.every((r) => r.acknowledgedVersion === v2)).toBe(true);

    const csv = await adminMain([
      'guidelines-acks',
      '--org',
      'Acme',
      '--team',
      'design',
      '--csv',
      ...ts.storage.cliArgs,
    ]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split(/\r?\n/);
    expect(lines[0]).toBe('name,email,acknowledged_version,acknowledged_at,acknowledged_current');
    expect(lines.find((l) => l.includes('bob@acme.test'))).toMatch(new RegExp(`,${v2},.*,yes$`));
  });

  it('refuses bad input with a clear error and exit code 1', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['publish-guidelines', '--org', 'Acme', '--file', join(dir, 'missing.md')], /cannot read --file/],
      [['publish-guidelines', '--org', 'Acme', '--file', file('empty.md', '   \n')], /--file: must not be empty/],
      [['publish-guidelines', '--org', 'Acme', '--team', 'nope', '--file', file('ok.md', 'Hi')], /no team @nope/],
      [['publish-guidelines', '--org', 'Nope', '--file', file('ok2.md', 'Hi')], /no organization named Nope/],
      // bob is no curator of Engineering: the domain's own rule refuses him
      [
        [
          'publish-guidelines',
          '--org',
          'Acme',
          '--team',
          'engineering',
          '--as',
          'bob@acme.test',
          '--file',
          file('ok3.md', 'Hi'),
        ],
        /curators and org admins/,
      ],
      [['guidelines-acks', '--org', 'Acme', '--version', 'x'], /--version must be a version number/],
      [['list-guidelines'], /--org is required/],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.body.error).toMatch(message);
    }
  });
});

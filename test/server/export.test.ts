// Compliance export (`npm run admin -- export`): JSONL of every log entry, CSV of messages, one EML
// per message; incremental by cursor; who could read each stream at the time. Output is read back
// with maintained parsers (csv-parse, postal-mime), as an archive tool would read it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, Stream } from '../../shared/protocol/index';
import { adminMain } from '../../server/admin/cli';
import {
  connectDemoUsers,
  ok,
  readStore,
  startTestServer,
  streamNamed,
  TEST_SCRYPT_COST,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket; // Design curator
let bob: ClientSocket; // Design member
let design: Stream;
let out: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  [alice, bob] = await connectDemoUsers(ts.url, ['alice', 'bob'] as const);
  design = await streamNamed(bob, 'Design');
  out = mkdtempSync(join(tmpdir(), 'tributary-export-'));
});
afterAll(async () => {
  for (const socket of [alice, bob]) socket.close();
  await ts.close();
  rmSync(out, { recursive: true, force: true });
});

interface ExportData {
  events: number;
  messages: number;
  cursor: string;
  path: string;
}

async function runExport(format: string, since?: string): Promise<ExportData> {
  const args = ['export', '--org', 'Acme', '--format', format, '--out', out, '--json', ...ts.storage.cliArgs];
  const result = await adminMain(since === undefined ? args : [...args, '--since', since], {
    scryptCost: TEST_SCRYPT_COST,
  });
  const body = JSON.parse(result.stdout) as { ok: boolean; result?: ExportData; error?: string };
  if (!body.ok) throw new Error(body.error);
  return body.result!;
}

const send = async (socket: ClientSocket, body: string, threadRootId?: string): Promise<Message> =>
  (
    await ok(socket, 'message:send', {
      streamId: design.id,
      clientId: uuidv7(),
      body,
      ...(threadRootId ? { threadRootId } : {}),
    })
  ).message;

interface JsonlLine {
  stream: { id: string; kind: string; name: string; team: string | null };
  seq: number;
  type: string;
  actor: { email: string };
  membersAtTime: string[];
  event: { seq: number; streamId: string };
}

describe('compliance export', () => {
  let fullCursor = '';
  let root: Message;
  let reply: Message;
  let edited: Message;
  let removed: Message;
  let afterJoin: Message;
  const body = 'Hyvää päivää, "team"\nline two, with a comma';
  const formula = '=HYPERLINK("https://evil.test","click")';

  it('writes every log entry of every stream as JSONL, with who could read the stream then', async () => {
    const full = await runExport('jsonl');
    const lines = readFileSync(full.path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonlLine);
    const heads = await readStore(ts, async (tx) => {
      const org = await tx.orgs.getByName('Acme');
      return (await tx.exports.streams(org!.id)).map((s) => ({ id: s.id, head: s.headSeq }));
    });
    expect(lines).toHaveLength(heads.reduce((sum, s) => sum + s.head, 0));
    expect(full.events).toBe(lines.length);
    for (const { id, head } of heads) {
      const seqs = lines.filter((l) => l.stream.id === id).map((l) => l.seq);
      expect(seqs).toEqual(Array.from({ length: head }, (_, i) => i + 1)); // gap-free, in order
    }
    const designLine = lines.find((l) => l.stream.name === 'Design' && l.type === 'message:created')!;
    expect(designLine.stream).toMatchObject({ kind: 'team', team: 'design' });
    expect(designLine.membersAtTime).toEqual(expect.arrayContaining(['alice@acme.test', 'bob@acme.test']));
    expect(designLine.membersAtTime).not.toContain('carol@acme.test');
    expect(lines.map((l) => l.type)).toEqual(expect.arrayContaining(['message:created', 'reaction:changed']));
    const orgLine = lines.find((l) => l.stream.kind === 'org')!;
    expect(orgLine.membersAtTime).toEqual(expect.arrayContaining(['carol@acme.test', 'dave@acme.test']));
    fullCursor = full.cursor;
  });

  it('exports only what changed since the cursor, as CSV rows that a CSV parser reads back', async () => {
    root = await send(bob, body);
    reply = await send(alice, 'Kiitos! 🎨', root.id);
    await ok(alice, 'reaction:toggle', { messageId: root.id, emoji: '👍' });
    edited = await send(bob, formula);
    await ok(bob, 'message:edit', { messageId: edited.id, body: `${formula} (edited)` });
    removed = await send(bob, 'a mistake');
    await ok(bob, 'message:delete', { messageId: removed.id });
    const joined = await adminMain([
      'add-member',
      '--email',
      'carol@acme.test',
      '--team',
      'design',
      ...ts.storage.cliArgs,
    ]);
    expect(joined.code).toBe(0);
    afterJoin = await send(bob, 'welcome carol');

    const csv = await runExport('csv', fullCursor);
    const rows = parseCsv(readFileSync(csv.path, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
      Record<string, string>
    >;
    expect(rows.map((r) => r.message_id)).toEqual([root.id, reply.id, edited.id, removed.id, afterJoin.id]);
    expect(csv.messages).toBe(5);
    const byId = new Map(rows.map((r) => [r.message_id, r]));
    expect(byId.get(root.id)).toMatchObject({
      stream: 'Design',
      team: 'design',
      author_email: 'bob@acme.test',
      body,
      reactions: '👍 alice@acme.test',
      reply_count: '1',
    });
    expect(byId.get(reply.id)).toMatchObject({ thread_root_id: root.id, body: 'Kiitos! 🎨' });
    // a spreadsheet must not run a message as a formula
    expect(byId.get(edited.id)!.body).toBe(`'${formula} (edited)`);
    expect(byId.get(edited.id)!.edited_at).not.toBe('');
    expect(byId.get(removed.id)).toMatchObject({ body: '' });
    expect(byId.get(removed.id)!.deleted_at).not.toBe('');
    // membership at the time of each message: carol joined Design between the two
    expect(byId.get(root.id)!.members_at_time!.split(' ')).not.toContain('carol@acme.test');
    expect(byId.get(afterJoin.id)!.members_at_time!.split(' ')).toContain('carol@acme.test');

    const again = await runExport('csv', csv.cursor);
    expect(again).toMatchObject({ events: 0, messages: 0 });
  });

  it('writes one EML per message that a MIME parser reads back, threads as References', async () => {
    const eml = await runExport('eml', fullCursor);
    const files = readdirSync(eml.path).sort();
    expect(files).toHaveLength(5);
    const parsed = await Promise.all(files.map(async (file) => PostalMime.parse(readFileSync(join(eml.path, file)))));
    const byMessageId = new Map(parsed.map((mail) => [mail.messageId, mail]));
    const rootMail = byMessageId.get(`<${root.id}@tributary.invalid>`)!;
    expect(rootMail.from).toMatchObject({ name: 'Bob Baker', address: 'bob@acme.test' });
    expect(rootMail.subject).toBe('Hyvää päivää, "team"');
    expect(rootMail.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(body);
    expect(new Date(rootMail.date!).getTime()).toBe(Math.floor(root.createdAt / 1000) * 1000);
    const replyMail = byMessageId.get(`<${reply.id}@tributary.invalid>`)!;
    expect(replyMail.inReplyTo).toBe(`<${root.id}@tributary.invalid>`);
    expect(replyMail.references).toBe(`<${root.id}@tributary.invalid>`);
    expect(replyMail.text?.trimEnd()).toBe('Kiitos! 🎨');
    const header = (mail: (typeof parsed)[number], name: string) =>
      mail.headers.find((h) => h.key === name.toLowerCase())?.value ?? '';
    expect(header(rootMail, 'X-Tributary-Members')).not.toContain('carol@acme.test');
    const joinMail = byMessageId.get(`<${afterJoin.id}@tributary.invalid>`)!;
    expect(header(joinMail, 'X-Tributary-Members')).toContain('carol@acme.test');
    const removedMail = byMessageId.get(`<${removed.id}@tributary.invalid>`)!;
    expect(removedMail.subject).toBe('(deleted message)');
    expect(header(removedMail, 'X-Tributary-Deleted')).not.toBe('');
  });

  it("exports direct conversations too, with their participants as the stream's readers", async () => {
    const bobId = (await ok(bob, 'hello', {})).user.id;
    const { stream } = await ok(alice, 'dm:open', { userIds: [bobId] });
    const before = await runExport('jsonl');
    const sent = (await ok(alice, 'message:send', { streamId: stream.id, clientId: uuidv7(), body: 'just us' }))
      .message;
    const after = await runExport('jsonl', before.cursor);
    const lines = readFileSync(after.path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonlLine & { event: { message: { id: string } | null } });
    const line = lines.find((l) => l.event.message?.id === sent.id)!;
    expect(line.stream.kind).toBe('direct');
    expect([...line.membersAtTime].sort()).toEqual(['alice@acme.test', 'bob@acme.test']);
  });

  it('refuses a cursor it did not print, a cursor of another organization and an unknown format, and audits every run', async () => {
    const args = (...more: string[]) => ['export', '--org', 'Acme', '--out', out, ...more, ...ts.storage.cliArgs];
    expect((await adminMain(args('--format', 'xml'))).stderr).toContain('--format must be one of jsonl, csv, eml');
    expect((await adminMain(args('--format', 'csv', '--since', 'not-a-cursor'))).stderr).toContain(
      'is not a cursor printed by an earlier export',
    );
    const foreign = Buffer.from(JSON.stringify({ v: 1, org: 'someone-else', s: {} })).toString('base64url');
    expect((await adminMain(args('--format', 'csv', '--since', foreign))).stderr).toContain(
      'a cursor of another organization',
    );
    expect(
      (await adminMain(['export', '--org', 'Nowhere', '--format', 'csv', '--out', out, ...ts.storage.cliArgs])).stderr,
    ).toContain('no organization named "Nowhere"');
    const audits = await readStore(ts, (tx) => tx.audit.list({ action: 'org.export' }));
    expect(audits.length).toBeGreaterThanOrEqual(4);
    expect(audits[0]!.detail).toMatchObject({ incremental: true });
  });
});

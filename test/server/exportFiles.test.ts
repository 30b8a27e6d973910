// Issues 15 and 16 on both engines: the compliance console's download (the client core's
// downloadExport against a real server) in JSONL, CSV and EML, with attached files in every format
// (EML attachments read from the file store: a folder beside SQLite, PostgreSQL's chunks), files kept
// for a legal hold, files gone with their message, and profile changes as their own JSONL records.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { ExportDownloadFormat, Message } from '../../shared/protocol/index';
import { RetentionAdmin } from '../../server/admin/retention.admin';
import { downloadExport } from '../../main/core/export/downloadExport';
import { png, upload } from '../helpers/files';
import {
  login,
  loginAndConnect,
  ok,
  rawSql,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

interface Person {
  socket: ClientSocket;
  token: string;
  id: string;
}

const ERIN_PASSWORD = 'compliance-password';
const HIDDEN_PHONE = '+358-EXPORT-HIDDEN';
const minutes = Buffer.from('Pöytäkirja: päätettiin viedä kaikki.\n'.repeat(200));
let picture: Buffer;

let ts: TestServer;
let alice: Person, bob: Person;
let erinToken: string;
let designId: string;
let out: string;
let withFiles: Message, reply: Message, gone: Message, held: Message;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  await ts.server.admin.addUser({
    org: 'Acme',
    email: 'erin@acme.test',
    name: 'Erin Evans',
    password: ERIN_PASSWORD,
    orgRole: 'compliance',
  });
  erinToken = (await login(ts.url, 'erin@acme.test', ERIN_PASSWORD)).token;
  const person = async (name: string): Promise<Person> => {
    const session = await loginAndConnect(ts.url, `${name}@acme.test`);
    return { socket: session.socket, token: session.token, id: session.user.id };
  };
  [alice, bob] = [await person('alice'), await person('bob')];
  designId = (await streamNamed(alice.socket, 'Design')).id;
  out = mkdtempSync(join(tmpdir(), 'tributary-export-files-'));
  picture = await png(8, 6);

  const attach = async (who: Person, name: string, bytes: Buffer) =>
    (await upload(ts.url, who.token, designId, name, bytes)).json.file!.id;
  const send = async (who: Person, body: string, fileIds: string[], threadRootId?: string) =>
    (
      await ok(who.socket, 'message:send', {
        streamId: designId,
        clientId: uuidv7(),
        body,
        fileIds,
        ...(threadRootId ? { threadRootId } : {}),
      })
    ).message;

  await ok(bob.socket, 'profile:update', {
    displayName: 'Bobby Archive',
    title: 'Archivist',
    phone: HIDDEN_PHONE,
    visibility: { title: 'org', phone: 'nobody' },
  });
  // records are exported up to 5 s before the run (a unit of work in flight lands in the next one):
  // date the change back as if the run came later
  await rawSql(ts, (sql) =>
    sql.run("UPDATE audit SET at = at - 10000 WHERE action = 'profile.update' AND target = ?", [bob.id]),
  );
  withFiles = await send(alice, 'minutes and the sketch', [
    await attach(alice, 'Pöytäkirja 2.txt', minutes),
    await attach(alice, 'sketch.png', picture),
  ]);
  reply = await send(bob, 'thanks', [], withFiles.id);
  gone = await send(alice, 'wrong file', [await attach(alice, 'oops.txt', Buffer.from('not for anyone'))]);
  await ok(alice.socket, 'message:delete', { messageId: gone.id });
  const hold = await new RetentionAdmin(ts.server.store).hold({
    org: 'Acme',
    email: 'bob@acme.test',
    reason: 'case 16',
  });
  try {
    held = await send(bob, 'held evidence', [await attach(bob, 'evidence.txt', Buffer.from('kept for the case'))]);
    await ok(bob.socket, 'message:delete', { messageId: held.id });
    await ts.server.retention.runPass();
  } finally {
    await new RetentionAdmin(ts.server.store).releaseHold({ id: hold.id });
  }
});
afterAll(async () => {
  for (const p of [alice, bob]) p?.socket.close();
  await ts.close();
  rmSync(out, { recursive: true, force: true });
});

/** Downloads like the console does; returns where, and every progress report. */
async function download(format: ExportDownloadFormat, path: string) {
  const reports: Array<[number, number]> = [];
  const result = await downloadExport({
    serverUrl: ts.url,
    token: erinToken,
    format,
    since: null,
    path: join(out, path),
    signal: new AbortController().signal,
    onProgress: (done, total) => reports.push([done, total]),
  });
  const [lastDone, total] = reports[reports.length - 1]!;
  expect(lastDone).toBe(total);
  expect(result.records).toBe(total);
  expect(reports.every(([done, t]) => t === total && done <= total)).toBe(true);
  return { path: join(out, path), result };
}

describe('files and profile changes in the console export', () => {
  it('JSONL: the files of each message in its log entry, and profile changes with what the organization saw', async () => {
    const { path } = await download('jsonl', 'all.jsonl');
    const lines = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const created = lines.find(
      (l) => l.type === 'message:created' && (l.event as { message: Message }).message.id === withFiles.id,
    )!;
    const files = (created.event as { message: Message }).message.files!;
    expect(files.map((f) => [f.name, f.size])).toEqual([
      ['Pöytäkirja 2.txt', minutes.length],
      ['sketch.png', picture.length],
    ]);
    expect(files[1]).toMatchObject({ mime: 'image/png', width: 8, height: 6 });
    expect(files.every((f) => typeof f.id === 'string')).toBe(true);

    const changes = lines.filter((l) => l.record === 'profile.changed');
    const bobs = changes.filter((l) => (l.person as { id: string }).id === bob.id);
    expect(bobs).toHaveLength(1);
    expect(bobs[0]).toMatchObject({
      person: { email: 'bob@acme.test' },
      fields: expect.arrayContaining(['displayName', 'title', 'phone']),
      visibility: { title: 'org', phone: 'nobody' },
      profile: { displayName: 'Bobby Archive', title: 'Archivist' },
    });
    // a value the organization could not see stays out of the export
    expect(readFileSync(path, 'utf8')).not.toContain(HIDDEN_PHONE);
  });

  it('CSV: a files column with names, types, sizes and ids; a deleted message keeps only files a hold kept', async () => {
    const { path } = await download('csv', 'all.csv');
    const rows = parseCsv(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
      Record<string, string>
    >;
    const row = (id: string) => rows.find((r) => r.message_id === id)!;
    const [minutesRef, pictureRef] = withFiles.files!;
    expect(row(withFiles.id).files).toBe(
      `Pöytäkirja 2.txt (${minutesRef!.mime}, ${minutes.length} bytes, id ${minutesRef!.id}); ` +
        `sketch.png (image/png, ${picture.length} bytes, id ${pictureRef!.id})`,
    );
    expect(row(reply.id)).toMatchObject({ files: '', thread_root_id: withFiles.id });
    expect(row(gone.id)).toMatchObject({ files: '', body: '' });
    expect(row(held.id).files).toMatch(/^evidence\.txt \([^,]+, 17 bytes, id [0-9a-f-]+, kept for a hold\)$/);
  });

  it('EML: one file per message in a new folder, files as MIME attachments from the file store', async () => {
    const { path } = await download('eml', 'all-eml');
    const names = readdirSync(path);
    expect(names.every((name) => name.endsWith('.eml'))).toBe(true);
    const mails = await Promise.all(names.map((name) => PostalMime.parse(readFileSync(join(path, name)))));
    const mail = (id: string) => mails.find((m) => m.messageId === `<${id}@tributary.invalid>`)!;

    const withMail = mail(withFiles.id);
    expect(withMail.text?.trimEnd()).toBe('minutes and the sketch');
    expect(withMail.attachments.map((a) => [a.filename, a.mimeType])).toEqual([
      ['Pöytäkirja 2.txt', withFiles.files![0]!.mime],
      ['sketch.png', 'image/png'],
    ]);
    expect(Buffer.from(withMail.attachments[0]!.content as ArrayBuffer).equals(minutes)).toBe(true);
    expect(Buffer.from(withMail.attachments[1]!.content as ArrayBuffer).equals(picture)).toBe(true);

    const replyMail = mail(reply.id);
    expect(replyMail.inReplyTo).toBe(`<${withFiles.id}@tributary.invalid>`);
    expect(replyMail.references).toBe(`<${withFiles.id}@tributary.invalid>`);
    expect(replyMail.attachments).toEqual([]);

    expect(mail(gone.id).attachments).toEqual([]);
    const heldMail = mail(held.id);
    expect(heldMail.subject).toBe('(deleted message)');
    expect(heldMail.attachments).toHaveLength(1);
    expect(Buffer.from(heldMail.attachments[0]!.content as ArrayBuffer).toString()).toBe('kept for the case');
  });

  it('refuses CSV and EML to anyone but compliance, as JSONL, leaving nothing behind', async () => {
    for (const format of ['csv', 'eml'] as const) {
      const path = join(out, `refused-${format}`);
      await expect(
        downloadExport({
          serverUrl: ts.url,
          token: alice.token,
          format,
          since: null,
          path,
          signal: new AbortController().signal,
          onProgress: () => undefined,
        }),
      ).rejects.toThrow(/only compliance may export/);
    }
    expect(readdirSync(out).filter((name) => name.startsWith('refused-'))).toEqual([]);
  });
});

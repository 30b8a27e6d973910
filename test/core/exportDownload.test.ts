// The compliance console's export download in the client core: progress pushes, the file (or EML's
// folder) written only when the server's trailer confirms every record, the cursor for "since last
// export" (one per format) advanced only then. A TCP proxy between core and server cuts or stalls the
// download mid-stream. CSV and EML are read back with csv-parse and postal-mime.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { ExportProgress } from '../../shared/ipc/index';
import type { ExportDownloadFormat } from '../../shared/protocol/index';
import { openCore, signedInCore, waitUntil, type TestCore } from '../helpers/core';
import {
  loginAndConnect,
  ok,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

/** Forwards everything to the server; an export response can be cut (destroyed) or stalled after `bytes`. */
class Proxy {
  mode: { kind: 'pass' } | { kind: 'cut' | 'stall'; bytes: number } = { kind: 'pass' };
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: number) {
    this.server = createServer((client) => {
      const upstream = tcpConnect(this.target, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      let isExport = false;
      let sent = 0;
      client.on('data', (chunk: Buffer) => {
        if (chunk.toString('latin1').startsWith('GET /api/export')) isExport = true;
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        const mode = this.mode;
        if (!isExport || mode.kind === 'pass') return void client.write(chunk);
        const room = mode.bytes - sent;
        if (room > 0) client.write(chunk.subarray(0, room));
        sent += chunk.length;
        if (sent >= mode.bytes && mode.kind === 'cut') {
          client.destroy();
          upstream.destroy();
        }
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const ERIN_PASSWORD = 'compliance-password';

let ts: TestServer;
let proxy: Proxy;
let erin: TestCore;
let bob: ClientSocket;
let designId: string;
let out: string;
const progress: ExportProgress[] = [];

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  await ts.server.admin.addUser({
    org: 'Acme',
    email: 'erin@acme.test',
    name: 'Erin Evans',
    password: ERIN_PASSWORD,
    orgRole: 'compliance',
  });
  proxy = new Proxy(ts.port);
  await proxy.listen();
  out = mkdtempSync(join(tmpdir(), 'tributary-console-export-'));
  erin = openCore(mkdtempSync(join(tmpdir(), 'tributary-core-')), {
    chooseExportFile: async (name) => join(out, name),
  });
  await erin.call('session:login', {
    serverUrl: `http://127.0.0.1:${proxy.port}`,
    email: 'erin@acme.test',
    password: ERIN_PASSWORD,
  });
  await erin.waitForState('live');
  erin.core.on('export:progress', (p) => progress.push(p));
  bob = (await loginAndConnect(ts.url, 'bob@acme.test')).socket;
  designId = (await streamNamed(bob, 'Design')).id;
});
afterAll(async () => {
  bob?.close();
  await erin?.core.close();
  await proxy.close();
  await ts.close();
  rmSync(erin.dataDir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const post = async (body: string) =>
  (await ok(bob, 'message:send', { streamId: designId, clientId: uuidv7(), body })).message;

/** Starts an export and waits for its last push. */
async function exportNow(
  sinceLast: boolean,
  format: ExportDownloadFormat = 'jsonl',
): Promise<{ path: string; last: ExportProgress }> {
  const from = progress.length;
  const { path } = await erin.call('export:start', { format, sinceLast });
  if (path === null) throw new Error('no file chosen');
  await waitUntil(() => progress.slice(from).some((p) => p.state !== 'running'), 20_000, 'the export to end');
  return { path, last: progress[progress.length - 1]! };
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('console export download', () => {
  it('keeps neither a file nor a cursor when the connection is cut mid-stream, then completes on restart', async () => {
    const message = await post('kept for compliance');
    proxy.mode = { kind: 'cut', bytes: 3000 };
    const cut = await exportNow(false);
    expect(cut.last.state).toBe('failed');
    expect(existsSync(cut.path)).toBe(false);
    expect(readdirSync(out)).toEqual([]); // no .part left behind either
    expect((await erin.call('export:state', {})).lastExportAt).toBeNull();

    proxy.mode = { kind: 'pass' };
    const whole = await exportNow(false);
    expect(whole.last).toMatchObject({ state: 'done', error: null });
    expect(whole.last.done).toBe(whole.last.total);
    const records = lines(whole.path);
    expect(records).toHaveLength(whole.last.total!);
    expect(records.some((line) => line.includes(message.id) && line.includes('kept for compliance'))).toBe(true);
    // progress went up from 0 to the total, never past it
    const run = progress.filter((p) => p.path === whole.path);
    expect(run[0]!.done).toBe(0);
    expect(run.every((p) => p.total === null || p.done <= p.total)).toBe(true);
    expect((await erin.call('export:state', {})).lastExportAt).not.toBeNull();
  });

  it('exports only what happened since the last completed export', async () => {
    const later = await post('after the archive');
    const next = await exportNow(true);
    expect(next.last.state).toBe('done');
    const records = lines(next.path);
    expect(records).toHaveLength(1);
    expect(records[0]).toContain(later.id);
  });

  it('downloads CSV and EML under the same rules: a cut keeps nothing, each format has its own cursor', async () => {
    const jsonlAt = (await erin.call('export:state', {})).lastExportAt;
    const root = await post('minutes, in CSV and EML');
    const reply = (
      await ok(bob, 'message:send', {
        streamId: designId,
        clientId: uuidv7(),
        body: 'a reply, with "quotes"\nand a second line',
        threadRootId: root.id,
      })
    ).message;
    for (const format of ['csv', 'eml'] as const) {
      proxy.mode = { kind: 'cut', bytes: 3000 };
      const cut = await exportNow(false, format);
      expect(cut.last.state).toBe('failed');
      expect(existsSync(cut.path)).toBe(false);
      expect(existsSync(`${cut.path}.part`)).toBe(false); // no half folder of .eml files either
      expect((await erin.call('export:state', { format })).lastExportAt).toBeNull();
    }
    proxy.mode = { kind: 'pass' };

    const csv = await exportNow(false, 'csv');
    expect(csv.last).toMatchObject({ state: 'done', error: null });
    expect(csv.last.done).toBe(csv.last.total);
    const run = progress.filter((p) => p.path === csv.path);
    expect(run.every((p) => p.total === null || p.done <= p.total)).toBe(true);
    const rows = parseCsv(readFileSync(csv.path, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.message_id === reply.id)).toMatchObject({
      thread_root_id: root.id,
      body: 'a reply, with "quotes"\nand a second line',
    });
    expect(csv.path.endsWith('.csv')).toBe(true);

    const eml = await exportNow(false, 'eml');
    expect(eml.last).toMatchObject({ state: 'done', error: null });
    expect(eml.last.done).toBe(eml.last.total);
    const mails = await Promise.all(
      readdirSync(eml.path).map((name) => PostalMime.parse(readFileSync(join(eml.path, name)))),
    );
    expect(mails.length).toBe(rows.length); // one .eml per message, as many as CSV rows
    const replyMail = mails.find((m) => m.messageId === `<${reply.id}@tributary.invalid>`)!;
    expect(replyMail.inReplyTo).toBe(`<${root.id}@tributary.invalid>`);
    expect(replyMail.references).toBe(`<${root.id}@tributary.invalid>`);
    expect(replyMail.text?.replace(/\r\n/g, '\n').trimEnd()).toBe('a reply, with "quotes"\nand a second line');

    // each format advanced its own cursor: since the last CSV, only what came after it
    const later = await post('after the CSV and EML');
    const next = await exportNow(true, 'csv');
    const nextRows = parseCsv(readFileSync(next.path, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(nextRows.map((r) => r.message_id)).toEqual([later.id]);
    expect((await erin.call('export:state', { format: 'csv' })).lastExportAt).not.toBeNull();
    expect((await erin.call('export:state', {})).lastExportAt).toBe(jsonlAt); // JSONL's stayed
  });

  it('cancels a stalled download: no file, the cursor stays', async () => {
    const before = (await erin.call('export:state', {})).lastExportAt;
    await post('one more');
    proxy.mode = { kind: 'stall', bytes: 1 };
    const from = progress.length;
    const { path } = await erin.call('export:start', { format: 'jsonl', sinceLast: false });
    await waitUntil(() => progress.length > from, 5000, 'the first push');
    expect(
      await erin.call('export:start', { format: 'jsonl', sinceLast: false }).catch((e: Error) => e.message),
    ).toMatch(/CONFLICT/);
    expect((await erin.call('export:cancel', {})).cancelled).toBe(true);
    await waitUntil(() => progress.slice(from).some((p) => p.state === 'cancelled'), 5000, 'cancelled');
    expect(existsSync(path!)).toBe(false);
    expect(existsSync(`${path!}.part`)).toBe(false);
    expect((await erin.call('export:state', {})).lastExportAt).toBe(before);
    proxy.mode = { kind: 'pass' };
  });

  it('is refused for a member: the server checks the role', async () => {
    const member = await signedInCore(ts.url, 'bob@acme.test', undefined, {
      chooseExportFile: async (name) => join(out, `bob-${name}`),
    });
    const seen: ExportProgress[] = [];
    member.core.on('export:progress', (p) => seen.push(p));
    try {
      await member.call('export:start', { format: 'jsonl', sinceLast: false });
      await waitUntil(() => seen.some((p) => p.state === 'failed'), 10_000, 'refusal');
      expect(seen[seen.length - 1]!.error).toMatch(/only compliance/);
      expect(readdirSync(out).filter((f) => f.startsWith('bob-'))).toEqual([]);
    } finally {
      await member.core.close();
      rmSync(member.dataDir, { recursive: true, force: true });
    }
  });
});

// The compliance console's server side: legal holds over the socket (reusing the CLI's code, audited)
// and the export download over HTTP (headers before the body, a trailer after it, role checked,
// audited, stopped when the client goes away). On SQLite and PostgreSQL.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import {
  EXPORT_COMPLETE_TRAILER,
  EXPORT_CURSOR_HEADER,
  EXPORT_TOTAL_HEADER,
  type Stream,
} from '../../shared/protocol/index';
import { serverFileStore } from '../helpers/files';
import { runExportCommand } from '../../server/admin/exportCommand';
import { RetentionAdmin } from '../../server/admin/retention.admin';
import {
  login,
  loginAndConnect,
  ok,
  readStore,
  request,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let erin: ClientSocket; // compliance
let erinToken: string;
let bob: ClientSocket; // Design member
let bobId: string;
let design: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  await ts.server.admin.addUser({
    org: 'Acme',
    email: 'erin@acme.test',
    name: 'Erin Evans',
    password: 'compliance-pw',
    orgRole: 'compliance',
  });
  erinToken = (await login(ts.url, 'erin@acme.test', 'compliance-pw')).token;
  erin = (await loginAndConnect(ts.url, 'erin@acme.test', 'compliance-pw')).socket;
  bob = (await loginAndConnect(ts.url, 'bob@acme.test')).socket;
  bobId = (await ok(bob, 'hello', {})).user.id;
  design = await streamNamed(bob, 'Design');
});
afterAll(async () => {
  erin.close();
  bob.close();
  await ts.close();
});

const auditOf = (action: string) =>
  readStore(ts, async (tx) => {
    const org = await tx.orgs.getByName('Acme');
    return tx.audit.page({ orgId: org!.id, action }, null, 100);
  });

describe('legal holds from the console', () => {
  it('places, lists and releases holds on a user and a team, each audited with via server', async () => {
    const onBob = (await ok(erin, 'hold:place', { userId: bobId, reason: '  matter 12  ' })).hold;
    expect(onBob).toMatchObject({ userId: bobId, teamId: null, covers: 'bob@acme.test', reason: 'matter 12' });
    expect(onBob.releasedAt).toBeNull();
    const onTeam = (await ok(erin, 'hold:place', { teamId: design.teamId!, reason: 'audit' })).hold;
    expect(onTeam.covers).toBe('@design');
    const listed = (await ok(erin, 'hold:list', { activeOnly: true })).holds.map((h) => h.id);
    expect(listed).toEqual(expect.arrayContaining([onBob.id, onTeam.id]));
    const released = (await ok(erin, 'hold:release', { holdId: onBob.id })).hold;
    expect(released.releasedAt).not.toBeNull();
    expect((await ok(erin, 'hold:list', { activeOnly: true })).holds.map((h) => h.id)).not.toContain(onBob.id);
    expect((await ok(erin, 'hold:list', {})).holds.map((h) => h.id)).toContain(onBob.id);
    // the CLI sees the same holds: one implementation
    const cli = await new RetentionAdmin(ts.server.store).listHolds({ org: 'Acme', activeOnly: true });
    expect(cli.map((h) => h.id)).toContain(onTeam.id);
    const placed = await auditOf('legal_hold.place');
    expect(placed.find((r) => r.target === String(onBob.id))?.detail).toMatchObject({
      reason: 'matter 12',
      via: 'server',
    });
    const releases = await auditOf('legal_hold.release');
    expect(releases.find((r) => r.target === String(onBob.id))?.detail).toMatchObject({ userId: bobId, via: 'server' });
  });

  it('answers NOT_FOUND for a released or unknown hold and INVALID naming the field', async () => {
    const hold = (await ok(erin, 'hold:place', { userId: bobId, reason: 'once' })).hold;
    await ok(erin, 'hold:release', { holdId: hold.id });
    expect(await request(erin, 'hold:release', { holdId: hold.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'holdId' },
    });
    expect(await request(erin, 'hold:place', { userId: bobId, reason: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'reason' },
    });
    expect(await request(erin, 'hold:place', { userId: bobId, teamId: design.teamId!, reason: 'both' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'userId' },
    });
    expect(await request(erin, 'hold:place', { userId: uuidv7(), reason: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'userId' },
    });
  });
});

interface Download {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  trailers: NodeJS.Dict<string>;
}

/** GET /api/export with a bearer token, read to the end. */
function download(query: string, token: string | null): Promise<Download> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${ts.url}/api/export?${query}`,
      { headers: token === null ? {} : { authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            trailers: res.trailers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const post = async (body: string) =>
  (await ok(bob, 'message:send', { streamId: design.id, clientId: uuidv7(), body })).message;

describe('export download', () => {
  it('streams JSONL with the total and the next cursor up front and a completion trailer', async () => {
    const message = await post('for the archive');
    const full = await download('format=jsonl', erinToken);
    expect(full.status).toBe(200);
    const lines = full.body.split('\n').filter(Boolean);
    const total = Number(full.headers[EXPORT_TOTAL_HEADER]);
    expect(lines.length).toBe(total);
    expect(full.trailers[EXPORT_COMPLETE_TRAILER]).toBe(String(total));
    const records = lines.map((line) => JSON.parse(line) as { event: { message?: { id: string; body: string } } });
    expect(records.some((r) => r.event.message?.id === message.id && r.event.message.body === 'for the archive')).toBe(
      true,
    );
    // since the announced cursor: only what happened afterwards
    const cursor = String(full.headers[EXPORT_CURSOR_HEADER]);
    const later = await post('after the first export');
    const next = await download(`format=jsonl&since=${encodeURIComponent(cursor)}`, erinToken);
    const nextLines = next.body.split('\n').filter(Boolean);
    expect(nextLines).toHaveLength(1);
    expect(nextLines[0]).toContain(later.id);
    expect(next.trailers[EXPORT_COMPLETE_TRAILER]).toBe('1');
    const runs = await auditOf('export.run');
    expect(runs[0]?.detail).toMatchObject({ format: 'jsonl', incremental: true, records: 1, via: 'server' });
  });

  it('refuses anyone but compliance, a missing token, another format and a forged cursor', async () => {
    const bobToken = (await login(ts.url, 'bob@acme.test')).token;
    const daveToken = (await login(ts.url, 'dave@acme.test')).token;
    expect((await download('format=jsonl', null)).status).toBe(401);
    expect((await download('format=jsonl', 'x'.repeat(43))).status).toBe(401);
    for (const token of [bobToken, daveToken]) {
      const refused = await download('format=jsonl', token);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(JSON.parse((await download('format=pdf', erinToken)).body)).toMatchObject({
      error: { code: 'INVALID', field: 'format' },
    });
    expect(JSON.parse((await download('format=jsonl&since=bogus', erinToken)).body)).toMatchObject({
      error: { code: 'INVALID', field: 'since' },
    });
  });

  it('serves a complete download again after a client left mid-stream', async () => {
    const filler = 'x'.repeat(10_000);
    await Promise.all(Array.from({ length: 20 }, (_, i) => post(`bulk ${i} ${filler}`)));
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${ts.url}/api/export?format=jsonl`, {
        headers: { authorization: `Bearer ${erinToken}` },
      });
      req.on('response', (res) => res.once('data', () => resolve(void req.socket?.destroy())));
      req.on('error', () => undefined);
      req.on('close', () => resolve());
      req.end();
      setTimeout(() => reject(new Error('no body arrived')), 10_000);
    });
    // whether the server got to its end or stopped writing, the next download is whole
    const again = await download('format=jsonl', erinToken);
    expect(again.status).toBe(200);
    expect(again.trailers[EXPORT_COMPLETE_TRAILER]).toBe(again.headers[EXPORT_TOTAL_HEADER]);
    expect(again.body.split('\n').filter(Boolean)).toHaveLength(Number(again.headers[EXPORT_TOTAL_HEADER]));
  });
});

describe('guidelines in the JSONL export', () => {
  interface RecordLine {
    record?: string;
    version?: number;
    scope?: { team: string | null };
    person?: { email: string };
    body?: string;
  }
  const out = mkdtempSync(join(tmpdir(), 'tributary-guidelines-export-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  /** A JSONL run that sees records up to this instant (the export lags 5 s behind its `now` on purpose). */
  const run = async (since?: string) => {
    const result = await runExportCommand(ts.server.store, {
      org: 'Acme',
      format: 'jsonl',
      outDir: join(out, String(Math.random()).slice(2)),
      files: serverFileStore(ts),
      now: Date.now() + 5_000,
      ...(since !== undefined ? { since } : {}),
    });
    const lines = readFileSync(result.path, 'utf8').split('\n').filter(Boolean);
    return { result, lines, records: lines.map((l) => JSON.parse(l) as RecordLine).filter((l) => l.record) };
  };

  it('lists published versions with their text and acknowledgements, once each across incremental runs', async () => {
    const dave = (await loginAndConnect(ts.url, 'dave@acme.test')).socket;
    try {
      const version = (await ok(dave, 'guidelines:publish', { body: 'Be kind to archives' })).guidelines.current!
        .version;
      await ok(bob, 'guidelines:acknowledge', { version });
      const first = await run();
      expect(first.records).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            record: 'guidelines.published',
            version,
            scope: expect.objectContaining({ team: null }),
            body: 'Be kind to archives',
            person: expect.objectContaining({ email: 'dave@acme.test' }),
          }),
          expect.objectContaining({
            record: 'guidelines.acknowledged',
            version,
            person: expect.objectContaining({ email: 'bob@acme.test' }),
          }),
        ]),
      );
      expect(first.lines).toHaveLength(first.result.events + first.result.records);
      // nothing new: the next run repeats no record
      const second = await run(first.result.cursor);
      expect(second.records).toEqual([]);
      // a later acknowledgement lands in the run after it
      await new Promise((resolve) => setTimeout(resolve, 5));
      await ok(erin, 'guidelines:acknowledge', { version });
      const third = await run(second.result.cursor);
      expect(third.records).toEqual([
        expect.objectContaining({
          record: 'guidelines.acknowledged',
          person: expect.objectContaining({ email: 'erin@acme.test' }),
        }),
      ]);
    } finally {
      dave.close();
    }
  });
});

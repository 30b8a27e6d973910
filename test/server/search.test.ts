// Server-side search (`search`): what it finds, for whom (the same rule as `sync`, for every kind of
// reader), edits and deletions, paging, highlights, and hostile queries that must never crash it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Stream } from '../../shared/protocol/index';
import { SEARCH_PAGE_SQL as POSTGRES_PAGE } from '../../server/repositories/postgres/search.repository';
import { SEARCH_PAGE_SQL as SQLITE_PAGE } from '../../server/repositories/sqlite/search.repository';
import { toFts5Query } from '../../server/repositories/sqlite/ftsQuery';
import { testEngine } from '../helpers/storage';
import {
  loginAndConnect,
  ok,
  rawSql,
  request,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

const PASSWORD = 'search-test-passphrase';
type Reader = 'member' | 'curator' | 'admin' | 'compliance' | 'otherTeam' | 'otherOrg' | 'removed';

let ts: TestServer;
const as = {} as Record<Reader, ClientSocket>;
let design: Stream;
let engineering: Stream;
let orgStream: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  await admin.addUser({ org: 'Acme', email: 'cora@acme.test', name: 'Cora Compliance', password: PASSWORD });
  await admin.setOrgRole({ email: 'cora@acme.test', role: 'compliance' });
  await admin.addUser({ org: 'Acme', email: 'rex@acme.test', name: 'Rex Removed', password: PASSWORD });
  await admin.addMember({ email: 'rex@acme.test', team: 'design' });
  await admin.createOrg('Globex');
  await admin.addUser({ org: 'Globex', email: 'zed@globex.test', name: 'Zed Zimmer', password: PASSWORD });
  const logins: Record<Reader, [string, string?]> = {
    member: ['bob@acme.test'],
    curator: ['alice@acme.test'],
    admin: ['dave@acme.test'],
    compliance: ['cora@acme.test', PASSWORD],
    otherTeam: ['carol@acme.test'],
    otherOrg: ['zed@globex.test', PASSWORD],
    removed: ['rex@acme.test', PASSWORD],
  };
  for (const [reader, [email, password]] of Object.entries(logins) as [Reader, [string, string?]][])
    as[reader] = (await loginAndConnect(ts.url, email, password)).socket;
  design = await streamNamed(as.curator, 'Design');
  orgStream = await streamNamed(as.curator, 'Acme');
  engineering = await streamNamed(as.otherTeam, 'Engineering');
});
afterAll(async () => {
  for (const socket of Object.values(as)) socket.close();
  await ts.close();
});

const post = async (who: ClientSocket, streamId: string, body: string) =>
  (await ok(who, 'message:send', { streamId, clientId: uuidv7(), body })).message;
const found = async (who: ClientSocket, query: string, streamId?: string) =>
  (await ok(who, 'search', streamId ? { query, streamId } : { query })).hits.map((h) => h.message.id);

describe('search: who finds what', () => {
  it('finds in every stream the reader reads and in no other, for every kind of reader', async () => {
    const inDesign = await post(as.curator, design.id, 'quasar alignment in design');
    const inEngineering = await post(as.otherTeam, engineering.id, 'quasar alignment in engineering');
    const inOrg = await post(as.admin, orgStream.id, 'quasar alignment for everyone');
    const expected: Record<Exclude<Reader, 'removed'>, string[]> = {
      member: [inOrg.id, inDesign.id],
      curator: [inOrg.id, inDesign.id],
      // admin rights do not grant reading other teams' streams; Dave is in Engineering
      admin: [inOrg.id, inEngineering.id],
      compliance: [inOrg.id],
      otherTeam: [inOrg.id, inEngineering.id],
      otherOrg: [],
    };
    for (const [reader, ids] of Object.entries(expected) as [Reader, string[]][])
      expect((await found(as[reader], 'quasar')).sort(), reader).toEqual([...ids].sort());
  });

  it('refuses a stream the reader cannot read exactly like sync does', async () => {
    await post(as.curator, design.id, 'nebula inventory');
    expect(await found(as.member, 'nebula', design.id)).toHaveLength(1);
    for (const [reader, code] of [
      ['otherTeam', 'FORBIDDEN'],
      ['compliance', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      ['otherOrg', 'NOT_FOUND'],
    ] as const) {
      const refused = await request(as[reader], 'search', { query: 'nebula', streamId: design.id });
      expect(refused, reader).toMatchObject({ ok: false, error: { code } });
      expect(refused).toEqual(await request(as[reader], 'sync', { streamId: design.id, afterSeq: 0 }));
    }
  });

  it('stops finding a team stream the moment its member is removed', async () => {
    const secret = await post(as.curator, design.id, 'zeppelin blueprint');
    expect(await found(as.removed, 'zeppelin')).toEqual([secret.id]);
    await ts.server.admin.removeMember({ email: 'rex@acme.test', team: 'design' });
    expect(await found(as.removed, 'zeppelin')).toEqual([]);
    expect(await request(as.removed, 'search', { query: 'zeppelin', streamId: design.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('search: what it finds', () => {
  it('reflects edits and deletions at once', async () => {
    const m = await post(as.member, design.id, 'walrus migration plan');
    expect(await found(as.curator, 'walrus')).toEqual([m.id]);
    await ok(as.member, 'message:edit', { messageId: m.id, body: 'narwhal migration plan' });
    expect(await found(as.curator, 'walrus')).toEqual([]);
    expect(await found(as.curator, 'narwhal')).toEqual([m.id]);
    await ok(as.member, 'message:delete', { messageId: m.id });
    expect(await found(as.curator, 'narwhal')).toEqual([]);
    expect(await found(as.curator, 'migration plan')).toEqual([]);
  });

  it('stems English words, and Finnish ones on PostgreSQL', async () => {
    const m = await post(as.member, design.id, 'The gardeners were planting tulips yesterday');
    expect(await found(as.curator, 'planted tulip')).toEqual([m.id]);
    expect(await found(as.curator, 'gardener')).toEqual([m.id]);
    const fi = await post(as.member, design.id, 'Palaveri pidetään neuvotteluhuoneessa huomenna');
    // "in the meeting room" (inessive) is found as "the meeting room" where the engine stems Finnish
    expect(await found(as.curator, 'neuvotteluhuone')).toEqual(testEngine() === 'postgres' ? [fi.id] : []);
    expect(await found(as.curator, 'neuvotteluhuoneessa')).toEqual([fi.id]);
  });

  it('reads phrases, exclusions and alternatives', async () => {
    const a = await post(as.member, design.id, 'orange kayak rental');
    const b = await post(as.member, design.id, 'kayak orange paint');
    const c = await post(as.member, design.id, 'canoe rental desk');
    expect((await found(as.curator, '"orange kayak"')).sort()).toEqual([a.id]);
    expect((await found(as.curator, 'kayak -paint')).sort()).toEqual([a.id]);
    expect((await found(as.curator, 'rental or paint')).sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it('highlights the matches in a snippet and names the stream', async () => {
    await post(as.member, design.id, 'Before the meeting we reviewed the xylophone budget carefully');
    const [hit] = (await ok(as.curator, 'search', { query: 'xylophone' })).hits;
    expect(hit?.streamName).toBe('Design');
    expect(hit?.snippet.filter((s) => s.highlight).map((s) => s.text.toLowerCase())).toEqual(['xylophone']);
    expect(hit?.snippet.map((s) => s.text).join('')).toContain('budget');
  });

  it('pages newest first with an opaque cursor, without duplicates or gaps', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 23; i += 1) sent.push((await post(as.member, design.id, `pagination marmot ${i}`)).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ok(
        as.curator,
        'search',
        cursor ? { query: 'marmot', limit: 10, cursor } : { query: 'marmot', limit: 10 },
      );
      seen.push(...page.hits.map((h) => h.message.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...sent].reverse());
  });

  it('answers INVALID naming the field for a foreign cursor or an overlong query', async () => {
    for (const cursor of ['abc', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{}').toString('base64url')])
      expect(await request(as.member, 'search', { query: 'x', cursor })).toMatchObject({
        ok: false,
        error: { code: 'INVALID', field: 'cursor' },
      });
    expect(await request(as.member, 'search', { query: 'x'.repeat(501) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'query' },
    });
  });
});

describe('search: query plan', () => {
  it('finds matches through the full-text index, never by reading every message', async () => {
    const streams = JSON.stringify([design.id]);
    if (testEngine() === 'sqlite') {
      const plan = await rawSql(ts, (sql) =>
        sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${SQLITE_PAGE}`, [
          toFts5Query('quasar')!,
          streams,
          Number.MAX_SAFE_INTEGER,
          Number.MAX_SAFE_INTEGER,
          '',
          10,
        ]),
      );
      const details = plan.map((row) => row.detail).join('\n');
      expect(details).toMatch(/messages_fts VIRTUAL TABLE INDEX/);
      expect(details).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      return;
    }
    // The test database is tiny, so the planner rightly reads it whole or by stream; with sequential
    // scans off it shows that the page's match condition is one the GIN index serves.
    const plan = await rawSql(ts, async (sql) => {
      await sql.exec('SET LOCAL enable_seqscan = off');
      return sql.all<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM messages m WHERE m.search_vector @@
           (websearch_to_tsquery('english'::regconfig, ?) || websearch_to_tsquery('finnish'::regconfig, ?))`,
        ['quasar', 'quasar'],
      );
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Bitmap Index Scan on messages_search/);
    expect(POSTGRES_PAGE).toContain('m.search_vector @@ (q.en || q.fi)');
  });
});

describe('search: hostile queries', () => {
  const HOSTILE = [
    '\u0000',
    'a\u0000b',
    '"',
    '"unterminated',
    '-',
    '--',
    'or',
    'OR OR',
    '-only -negations',
    'NEAR(a b)',
    'body:x',
    '*',
    'x*',
    "'",
    '\\',
    '(((',
    ')',
    '!',
    '& | ! <-> :*',
    'a & b | !c',
    '^x',
    '🚀',
    '\ud800',
    'the',
    '    a    ',
    '%_%',
    "'; DROP TABLE messages; --",
    '\u202e\u200b',
  ];

  it('answers every hostile query (no INTERNAL), then still serves', async () => {
    for (const query of HOSTILE) {
      const ack = await request(as.member, 'search', { query });
      if (!ack.ok) expect(ack.error, JSON.stringify(query)).toMatchObject({ code: 'INVALID', field: 'query' });
    }
    expect(await found(as.member, 'quasar')).not.toEqual([]);
  });

  it('survives generated queries of operator characters and words', async () => {
    const alphabet = [
      '"',
      '-',
      '*',
      '(',
      ')',
      ':',
      '&',
      '|',
      '!',
      '<',
      '>',
      '^',
      ' ',
      'or',
      'and',
      'not',
      'x',
      'é',
      '\u0000',
    ];
    let seed = 20261201;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 200; i += 1) {
      const query = Array.from(
        { length: 1 + Math.floor(next() * 12) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
      const ack = await request(as.member, 'search', { query });
      if (!ack.ok) expect(ack.error, JSON.stringify(query)).toMatchObject({ code: 'INVALID', field: 'query' });
    }
  });
});

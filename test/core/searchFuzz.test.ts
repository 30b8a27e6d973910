// Local search must answer every query string with results or a clear INVALID naming the field, never
// an internal error: thousands of random queries (FTS5 syntax, control characters, odd Unicode) go
// through the real `search:query` path of a signed-in client core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcRequests } from '../../shared/ipc/contract';
import { signedInCore, streamIdByName, waitUntil, type TestCore } from '../helpers/core';
import { pickWith, prng } from '../helpers/random';
import { startTestServer, type TestServer } from '../helpers/server';

const QUERIES = 5_000;
const SEED = 0x5ea7c4;

const WORDS = ['launch', 'palette', 'zebra', 'café', 'naïve', 'straße', '東京', 'emoji', 'hello', 'world'];
// FTS5 query syntax, column filters, and characters its parser or tokenizer treat specially
const SYNTAX = ['AND', 'OR', 'NOT', 'NEAR', 'NEAR(', ')', '(', '"', '""', '*', '^', ':', '-', '+', '{', '}', ','];
const COLUMNS = ['body:', 'author_name:', 'stream_name:', '{body stream_name}:', 'messages_fts:', 'rank:'];
const ODD = ['\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\u009f', '\t', '\n', '\r', '\u000b', '\u000c'];
const UNICODE = ['\u00a0', '\u2028', '\ufeff', '\u200b', '\u0301', '\ue000', '\ue001', '\ud800', '\udfff', '🎨', '👍🏽'];

function randomQuery(next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => pickWith(next, xs);
  const mode = next();
  if (mode < 0.05) return ' '.repeat(Math.floor(next() * 4)) + pick(['', '\t', '\n', '\u00a0']);
  if (mode < 0.1) return pick(WORDS).repeat(60 + Math.floor(next() * 40)); // longer than the 500 allowed
  if (mode < 0.2) {
    // raw code units, any of them, lone surrogates included
    return Array.from({ length: 1 + Math.floor(next() * 12) }, () =>
      String.fromCharCode(Math.floor(next() * 0x10000)),
    ).join('');
  }
  const pieces: string[] = [];
  const n = 1 + Math.floor(next() * 8);
  for (let i = 0; i < n; i += 1) {
    const r = next();
    if (r < 0.3) pieces.push(pick(WORDS));
    else if (r < 0.5) pieces.push(pick(SYNTAX));
    else if (r < 0.6) pieces.push(pick(COLUMNS) + pick(WORDS));
    else if (r < 0.8) pieces.push(pick(WORDS) + pick(ODD) + pick(WORDS).slice(0, 3));
    else if (r < 0.9) pieces.push(pick(UNICODE) + pick(WORDS));
    else pieces.push(`"${pick(WORDS)} ${pick(ODD)}${pick(WORDS)}"${pick(['', '*', '^'])}`);
  }
  return pieces.join(pick([' ', '', '\u0000', '  ', '\t']));
}

describe('search:query fuzzing', () => {
  let server: TestServer;
  let alice: TestCore;
  let design: string;

  beforeAll(async () => {
    server = await startTestServer();
    alice = await signedInCore(server.url, 'alice@acme.test');
    design = await streamIdByName(alice, 'Design');
    for (const body of [
      'The launch palette: café colours, naïve but bold 🎨',
      'Straße names in 東京 and a zebra crossing',
      'hello world "quoted" NEAR(AND OR) body:stream_name',
    ])
      await alice.call('message:send', { streamId: design, body });
    await waitUntil(async () =>
      (await alice.call('message:list', { streamId: design })).messages.every((m) => m.status === 'sent'),
    );
  });

  afterAll(async () => {
    await alice?.core.close();
    await server?.close();
  });

  it('finds words next to control characters, NUL included', async () => {
    for (const query of [
      'zebra\u0000',
      '\u0000zebra',
      'zebra\u0001crossing',
      '"zebra\u0000crossing"',
      'zebr*\u0000crossing',
    ])
      expect(
        (await alice.call('search:query', { query })).hits.map((h) => h.message.body),
        query,
      ).toContain('Straße names in 東京 and a zebra crossing');
  });

  it(`answers ${QUERIES} random queries with hits or INVALID naming the field`, async () => {
    const next = prng(SEED);
    const outcomes = { hits: 0, empty: 0, invalid: 0 };
    for (let i = 0; i < QUERIES; i += 1) {
      const query = randomQuery(next);
      const request = { query, ...(next() < 0.2 ? { streamId: design } : {}), limit: 1 + Math.floor(next() * 200) };
      const res = await alice.core.invoke('search:query', request);
      const refusedBySchema = !ipcRequests['search:query'].request.safeParse(request).success;
      const what = `query #${i} ${JSON.stringify(query)} (seed ${SEED})`;
      if (res.ok) {
        expect(refusedBySchema, what).toBe(false);
        expect(ipcRequests['search:query'].response.safeParse(res.value).success, what).toBe(true);
        const { hits } = res.value as { hits: unknown[] };
        outcomes[hits.length > 0 ? 'hits' : 'empty'] += 1;
      } else {
        expect({ code: res.error.code, field: res.error.field, refusedBySchema }, what).toEqual({
          code: 'INVALID',
          field: 'query',
          refusedBySchema: true,
        });
        outcomes.invalid += 1;
      }
    }
    // the generator reaches every outcome, so none of the checks above went unexercised
    expect(outcomes.hits).toBeGreaterThan(QUERIES / 50);
    expect(outcomes.empty).toBeGreaterThan(QUERIES / 10);
    expect(outcomes.invalid).toBeGreaterThan(QUERIES / 20);
  }, 120_000);
});

// Bounded search ranking: the newest SEARCH_WINDOW matches are ranked (bm25 without IDF, then
// newest), so a very common term costs a bounded amount, and the plan walks FTS5 newest first.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, Stream } from '../../shared/protocol/entities';
import { storeMessages } from '../../main/core/cache/apply';
import { openCache, type Db } from '../../main/core/cache/database';
import { SEARCH_WINDOW, SEARCH_WINDOW_SQL, searchMessages } from '../../main/core/cache/search';
import { markedSnippet, queryPart, scoreRows, tokenize } from '../../main/core/cache/searchRank';
import { upsertStream } from '../../main/core/cache/streams';
import { tempDataDir } from '../helpers/core';
import { makeMessage, makeStream } from '../helpers/entities';

const me = uuidv7();

describe('bounded search ranking', () => {
  let db: Db;
  let alpha: Stream;
  let beta: Stream;

  beforeEach(() => {
    db = openCache(join(tempDataDir(), 'cache.sqlite'));
    alpha = makeStream('team-alpha');
    beta = makeStream('team-beta');
    upsertStream(db, alpha, 0);
    upsertStream(db, beta, 0);
  });
  afterEach(() => db.close());

  it('ranks the newest matches of a very common term by relevance, then recency', () => {
    const total = SEARCH_WINDOW * 5;
    const messages: Message[] = [];
    for (let seq = 1; seq <= total; seq += 1) {
      // an old message that would win on relevance alone, then filler, then strong recent hits
      const body =
        seq === 1 || seq === total - 10 || seq === total - 20
          ? 'status status status'
          : `status update number ${seq} with some more words to make it longer than the others`;
      messages.push(makeMessage(alpha.id, seq, body));
    }
    storeMessages(db, me, messages);
    const hits = searchMessages(db, 'status', { limit: 10 });
    expect(hits).toHaveLength(10);
    // the two strong recent hits first (newest first among equals), then the newest of the rest
    expect(hits.slice(0, 2).map((h) => h.message.seq)).toEqual([total - 10, total - 20]);
    expect(hits.slice(2).map((h) => h.message.seq)).toEqual([
      total,
      total - 1,
      total - 2,
      total - 3,
      total - 4,
      total - 5,
      total - 6,
      total - 7,
    ]);
    // every hit comes from the newest window; the old strong hit is outside it
    for (const h of hits) expect(h.message.seq).toBeGreaterThan(total - SEARCH_WINDOW);
    expect(hits[0]!.snippet.filter((s) => s.highlight).map((s) => s.text)).toEqual(['status', 'status', 'status']);
  });

  it('ranks every match of a selective query, whatever its age', () => {
    const messages = Array.from({ length: SEARCH_WINDOW * 3 }, (_, i) => makeMessage(alpha.id, i + 1, `filler ${i}`));
    messages[0] = makeMessage(alpha.id, 1, 'zebra zebra crossing');
    messages[5] = makeMessage(alpha.id, 6, 'a zebra in a long sentence that goes on and on for quite a while');
    storeMessages(db, me, messages);
    expect(searchMessages(db, 'zebra', { limit: 10 }).map((h) => h.message.seq)).toEqual([1, 6]);
  });

  it('applies a stream filter before the window, also for streams whose names share words', () => {
    const messages: Message[] = [];
    for (let seq = 1; seq <= SEARCH_WINDOW * 2; seq += 1)
      messages.push(makeMessage(beta.id, seq, `common word ${seq}`));
    storeMessages(db, me, [makeMessage(alpha.id, 1, 'common word in alpha'), ...messages]);
    const hits = searchMessages(db, 'common', { limit: 10, streamId: alpha.id });
    expect(hits.map((h) => h.message.body)).toEqual(['common word in alpha']);
    expect(searchMessages(db, 'common', { limit: 10, streamId: beta.id })).toHaveLength(10);
  });

  it("keeps finding a filtered stream's messages after the stream is renamed", () => {
    storeMessages(db, me, [makeMessage(alpha.id, 1, 'renamed stream message'), makeMessage(beta.id, 1, 'renamed too')]);
    expect(searchMessages(db, 'renamed', { limit: 10, streamId: alpha.id })).toHaveLength(1);
    // the name token the filter used before ("alpha") is gone from the index for this stream
    upsertStream(db, { ...alpha, name: 'crew-omega' }, 0);
    const hits = searchMessages(db, 'renamed', { limit: 10, streamId: alpha.id });
    expect(hits.map((h) => [h.message.body, h.streamName])).toEqual([['renamed stream message', 'crew-omega']]);
  });

  it('walks FTS5 newest first and probes messages by key: no sort over the matches', () => {
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${SEARCH_WINDOW_SQL}`).all({
        query: 'x',
        streamId: alpha.id,
        authorId: null,
        after: null,
        before: null,
        window: SEARCH_WINDOW,
      }) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan[0]).toMatch(/^SCAN messages_fts VIRTUAL TABLE INDEX \d+:M/);
    expect(plan.join('\n')).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    // the ORDER BY rowid DESC is consumed by FTS5 (idxNum carries its descending-rowid flag)
    const idxNum = Number(/INDEX (\d+):/.exec(plan[0]!)![1]);
    expect(idxNum & 0x80).toBe(0x80);
  });
});

describe('search ranking helpers', () => {
  it('tokenizes like unicode61 with diacritics removed', () => {
    expect(tokenize('Crème brûlée, NAÏVE_test 42').map((t) => t.norm)).toEqual([
      'creme',
      'brulee',
      'naive',
      'test',
      '42',
    ]);
  });

  it('scores more occurrences and shorter rows higher', () => {
    const parts = [queryPart('launch', false)];
    const [twice, once, longer] = scoreRows(parts, [
      { body: 'launch launch now', authorName: 'A', streamName: 's' },
      { body: 'launch now please', authorName: 'A', streamName: 's' },
      { body: 'launch now please with many more words here', authorName: 'A', streamName: 's' },
    ]);
    expect(twice!).toBeGreaterThan(once!);
    expect(once!).toBeGreaterThan(longer!);
  });

  it('cuts long bodies around the best match with ellipses', () => {
    const body = `${'word '.repeat(30)}the dark mode toggle ${'tail '.repeat(30)}`.trim();
    const marked = markedSnippet([queryPart('dark mode', false)], body);
    expect(marked.startsWith('…')).toBe(true);
    expect(marked.endsWith('…')).toBe(true);
    expect(marked).toContain('\uE000dark mode\uE001');
    expect(marked.split(/\s+/).length).toBeLessThanOrEqual(17);
    expect(markedSnippet([queryPart('launch', true)], 'Launching soon')).toBe('\uE000Launching\uE001 soon');
  });
});

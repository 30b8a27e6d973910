import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, Stream, StreamEvent } from '../../shared/protocol/entities';
import { applyEvents, storeAcked, storeMessages } from '../../main/core/cache/apply';
import { CacheTooNewError, openCache, type Db } from '../../main/core/cache/database';
import { LATEST_VERSION } from '../../main/core/cache/migrations/index';
import { getMessage, HOT_QUERIES, listTopLevel } from '../../main/core/cache/messages';
import { enqueue, nextPendingPerStream, pendingCount } from '../../main/core/cache/outbox';
import { searchMessages, toFtsQuery, toSegments } from '../../main/core/cache/search';
import { getCursor, purgeStream, upsertStream } from '../../main/core/cache/streams';
import { tempDataDir } from '../helpers/core';
import { createdEvent as created, makeMessage, makeStream } from '../helpers/entities';

const me = uuidv7();
const other = uuidv7();

/** A message by the other user (the cache's account is `me`). */
function message(streamId: string, seq: number, body: string, extra: Partial<Message> = {}): Message {
  return makeMessage(streamId, seq, body, { authorId: other, ...extra });
}

function dump(db: Db): unknown {
  return {
    messages: db.prepare('SELECT * FROM messages ORDER BY row_id').all(),
    streams: db.prepare('SELECT * FROM streams ORDER BY id').all(),
    fts: db
      .prepare(`SELECT rowid, * FROM messages_fts WHERE messages_fts MATCH 'design OR launch OR bob' ORDER BY rowid`)
      .all(),
    ftsIntegrity: db.prepare(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`).run()
      .changes,
  };
}

describe('cache: apply, search, plans, migrations', () => {
  let dir: string;
  let db: Db;
  let design: Stream;
  let page: StreamEvent[];

  beforeEach(() => {
    dir = tempDataDir();
    db = openCache(join(dir, 'cache.sqlite'));
    design = makeStream('Design');
    upsertStream(db, design, 0);
    const bodies = [
      'Spring launch drafts go in this thread',
      'New icon set is ready for review with dark mode',
      'The launch party is on Friday (bring snacks)',
      'Launching the launchpad: prefix test',
      'Quote "me" please; NEAR the column: body',
    ];
    page = bodies.map((b, i) => created(message(design.id, i + 1, b)));
  });
  afterEach(() => db.close());

  it('applying the same page twice leaves the cache identical', () => {
    const first = applyEvents(db, me, design.id, page);
    expect(first).toEqual({ applied: 5, changed: 5, gap: false, cursor: 5 });
    const before = dump(db);
    const second = applyEvents(db, me, design.id, page);
    expect(second).toEqual({ applied: 0, changed: 0, gap: false, cursor: 5 });
    expect(dump(db)).toEqual(before);
  });

  it('applies my own send once: its log event after the ack moves the cursor and changes nothing', () => {
    const mine = message(design.id, 1, 'sent by me', { authorId: me });
    const clientId = enqueue(db, { kind: 'send', streamId: design.id, body: mine.body, threadRootId: null });
    const acked = { ...mine, clientId };
    expect(storeAcked(db, me, acked)).toBe(true);
    expect(pendingCount(db)).toBe(0);
    expect(getCursor(db, design.id)).toMatchObject({ cursor: 0, headSeq: 1 });
    const rows = () => db.prepare('SELECT * FROM messages ORDER BY row_id').all();
    const before = rows();
    expect(applyEvents(db, me, design.id, [created(acked)])).toEqual({ applied: 1, changed: 0, gap: false, cursor: 1 });
    expect(rows()).toEqual(before);
    expect(getCursor(db, design.id)?.cursor).toBe(1);
    // the same ack again (a resend after a lost ack) changes nothing either
    expect(storeAcked(db, me, acked)).toBe(false);
  });

  it('a response that events overtook never rolls a message back', () => {
    applyEvents(db, me, design.id, page);
    const original = page[1]!.message!;
    const reacted = { ...original, reactions: { '👍': [other] } };
    applyEvents(db, me, design.id, [{ ...created(reacted), seq: 6, type: 'reaction:changed' }]);
    storeMessages(db, me, [original]);
    expect(getMessage(db, original.id)?.reactions).toEqual({ '👍': [other] });
    const older = message(design.id, 0, 'from history');
    storeMessages(db, me, [older]);
    expect(getMessage(db, older.id)?.body).toBe('from history');
  });

  it('applies reaction:changed as a change (who, which emoji, added/removed), idempotently', () => {
    applyEvents(db, me, design.id, page);
    const target = page[1]!.message!;
    const reaction = (seq: number, userId: string, emoji: string, added: boolean): StreamEvent => ({
      streamId: design.id,
      seq,
      type: 'reaction:changed',
      at: Date.now(),
      actorId: userId,
      message: null,
      promotion: null,
      reaction: { messageId: target.id, userId, emoji, added },
    });
    const events = [
      reaction(6, other, '👍', true),
      reaction(7, me, '👍', true),
      reaction(8, me, '__proto__', true),
      reaction(9, other, '👍', false),
      // a message the cache never held: nothing to change, and no crash
      { ...reaction(10, me, '🎉', true), reaction: { messageId: uuidv7(), userId: me, emoji: '🎉', added: true } },
    ];
    expect(applyEvents(db, me, design.id, events)).toEqual({ applied: 5, changed: 4, gap: false, cursor: 10 });
    const reactions = getMessage(db, target.id)!.reactions;
    expect(reactions).toEqual(JSON.parse(`{"👍":["${me}"],"__proto__":["${me}"]}`));
    expect(Object.getPrototypeOf(reactions)).toBe(Object.prototype);
    const before = dump(db);
    // the same events again (a replayed page, a duplicate push): no-op, by cursor and by content
    expect(applyEvents(db, me, design.id, events).applied).toBe(0);
    expect(dump(db)).toEqual(before);
    const cursor = getCursor(db, design.id)!.cursor;
    db.prepare('UPDATE streams SET cursor = 7 WHERE id = ?').run(design.id);
    applyEvents(db, me, design.id, events.slice(2));
    db.prepare('UPDATE streams SET cursor = ? WHERE id = ?').run(cursor, design.id);
    expect(dump(db)).toEqual(before);
  });

  it('stops at a gap without advancing the cursor past it', () => {
    const result = applyEvents(db, me, design.id, [page[0]!, page[1]!, page[3]!]);
    expect(result).toEqual({ applied: 2, changed: 2, gap: true, cursor: 2 });
    expect(getCursor(db, design.id)?.cursor).toBe(2);
    expect(listTopLevel(db, design.id, undefined, 10).messages).toHaveLength(2);
  });

  it('applies edits and deletions of older messages as upserts; deletions leave the index', () => {
    applyEvents(db, me, design.id, page);
    const target = page[0]!.message!;
    const edited = { ...target, body: 'Summer launch drafts', editedAt: 1 };
    const deleted = { ...page[2]!.message!, body: '', deletedAt: 2 };
    applyEvents(db, me, design.id, [
      { ...created(edited), seq: 6, type: 'message:edited' },
      { ...created(deleted), seq: 7, type: 'message:deleted' },
    ]);
    expect(searchMessages(db, 'spring', { limit: 10 })).toHaveLength(0);
    expect(searchMessages(db, 'summer', { limit: 10 }).map((h) => h.message.id)).toEqual([target.id]);
    expect(searchMessages(db, 'snacks', { limit: 10 })).toHaveLength(0);
    const ftsRows = db.prepare(`SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'snacks'`).pluck().get();
    expect(ftsRows).toBe(0);
    expect(listTopLevel(db, design.id, undefined, 10).messages).toHaveLength(5);
  });

  it('searches phrases, prefixes and filters, with snippet segments', () => {
    applyEvents(db, me, design.id, page);
    const phrase = searchMessages(db, '"dark mode"', { limit: 10 });
    expect(phrase.map((h) => h.message.seq)).toEqual([2]);
    expect(phrase[0]!.snippet.filter((s) => s.highlight).map((s) => s.text)).toEqual(['dark mode']);
    expect(phrase[0]!.snippet.map((s) => s.text).join('')).toBe('New icon set is ready for review with dark mode');
    expect(searchMessages(db, '"mode dark"', { limit: 10 })).toHaveLength(0);
    const prefix = searchMessages(db, 'launch*', { limit: 10 }).map((h) => h.message.seq);
    expect(prefix.sort()).toEqual([1, 3, 4]);
    // without the star, "launching" is a different word
    expect(
      searchMessages(db, 'launch', { limit: 10 })
        .map((h) => h.message.seq)
        .sort(),
    ).toEqual([1, 3]);
    expect(
      searchMessages(db, 'launch*', { limit: 10, after: 1_700_000_003_000 })
        .map((h) => h.message.seq)
        .sort(),
    ).toEqual([3, 4]);
    expect(searchMessages(db, 'launch', { limit: 10, before: 1_700_000_003_000 }).map((h) => h.message.seq)).toEqual([
      1,
    ]);
    expect(searchMessages(db, 'launch', { limit: 10, authorId: me })).toHaveLength(0);
    expect(searchMessages(db, 'launch', { limit: 10, streamId: uuidv7() })).toHaveLength(0);
    expect(searchMessages(db, 'launch', { limit: 10, streamId: design.id })).toHaveLength(2);
    // the author's name and the stream's name are indexed too
    expect(searchMessages(db, 'baker design', { limit: 10 })).toHaveLength(5);
  });

  it('never lets a hostile query string throw', () => {
    applyEvents(db, me, design.id, page);
    const hostile = [
      '"',
      '""',
      '"unterminated',
      '(',
      ')',
      '())',
      'NEAR(launch icon)',
      'launch NEAR icon',
      '*',
      '**',
      'launch**',
      '-',
      '-launch',
      'body:launch',
      '{body}: launch',
      'body : launch',
      '^launch',
      'AND',
      'OR OR',
      'NOT launch',
      'launch AND',
      "'; DROP TABLE messages; --",
      '\uE000launch\uE001',
      'a"b"c',
      '+',
      'col:"x"',
      '::::',
      'NEAR',
      '…',
    ];
    for (const q of hostile) {
      expect(() => searchMessages(db, q, { limit: 10 }), q).not.toThrow();
    }
    expect(searchMessages(db, 'NEAR(launch icon)', { limit: 10 })).toHaveLength(0);
    expect(searchMessages(db, 'body:launch', { limit: 10 })).toHaveLength(0);
    expect(searchMessages(db, 'NEAR the', { limit: 10 }).map((h) => h.message.seq)).toEqual([5]);
    expect(searchMessages(db, '"me" please', { limit: 10 }).map((h) => h.message.seq)).toEqual([5]);
    expect(toFtsQuery('(*)')).toBeNull();
    expect(toFtsQuery('foo* "a b"')).toBe('"foo"* "a b"');
  });

  it('splits marked snippets into segments', () => {
    expect(toSegments('a \uE000b\uE001 c')).toEqual([
      { text: 'a ', highlight: false },
      { text: 'b', highlight: true },
      { text: ' c', highlight: false },
    ]);
    expect(toSegments('')).toEqual([]);
  });

  it('uses indexes for the hot queries', () => {
    const plan = (sql: string, ...args: unknown[]): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('\n');
    const list = plan(HOT_QUERIES.listTopLevel, design.id, 10, 5);
    expect(list).toMatch(/USING INDEX messages_stream_root_seq \(stream_id=\? AND thread_root_id=\? AND seq<\?\)/);
    expect(list).not.toMatch(/TEMP B-TREE/);
    const thread = plan(HOT_QUERIES.listReplies, design.id);
    expect(thread).toMatch(/USING INDEX messages_thread_seq/);
    expect(thread).not.toMatch(/TEMP B-TREE/);
    const byId = plan(HOT_QUERIES.byId, 'x');
    expect(byId).toMatch(/USING INDEX sqlite_autoindex_messages/);
    const outbox = plan(`SELECT o.* FROM outbox o WHERE o.status = 'pending' AND o.row_id = (
         SELECT MIN(row_id) FROM outbox p WHERE p.stream_id = o.stream_id AND p.status = 'pending')`);
    expect(outbox).toMatch(/outbox_stream/);
    const unread = plan('SELECT COUNT(*) FROM messages WHERE stream_id = ? AND seq > ?', design.id, 0);
    expect(unread).toMatch(/USING (COVERING )?INDEX messages_stream_seq/);
    const search = plan(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rank LIMIT 10`, 'x');
    expect(search).toMatch(/VIRTUAL TABLE INDEX/);
  });

  it('purging a stream removes its messages and their index entries', () => {
    applyEvents(db, me, design.id, page);
    purgeStream(db, design.id);
    expect(searchMessages(db, 'launch', { limit: 10 })).toHaveLength(0);
    expect(db.prepare(`SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'launch'`).pluck().get()).toBe(0);
    expect(getCursor(db, design.id)).toBeNull();
  });

  it('queues outbox items in order, one per stream at the head', () => {
    const a = enqueue(db, { kind: 'send', streamId: design.id, body: 'one', threadRootId: null });
    enqueue(db, { kind: 'send', streamId: design.id, body: 'two', threadRootId: null });
    expect(pendingCount(db)).toBe(2);
    expect(nextPendingPerStream(db).map((r) => r.client_id)).toEqual([a]);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('refuses a cache written by a newer app and never moves it aside', () => {
    const file = join(dir, 'newer.sqlite');
    const newer = openCache(file);
    newer.pragma(`user_version = ${LATEST_VERSION + 1}`);
    newer.close();
    expect(() => openCache(file)).toThrow(CacheTooNewError);
  });
});

import { join } from 'node:path';
import { applyEvents } from '../../main/core/cache/apply';
import { openCache, type Db } from '../../main/core/cache/database';
import type { StreamEvent } from '../../shared/protocol/entities';
import { DEFAULT_SYNC_PAGE } from '../../shared/protocol/limits';
import { seedStreams } from '../fixtures/cacheDb';
import { BENCH_CACHE_KEY } from '../lib/coreHarness';
import { makeIdentity, type Identity } from '../fixtures/ids';
import { createdEvent, generateMessages } from '../fixtures/messages';
import { higherIsBetter } from '../lib/rows';
import { nowMs, round } from '../lib/stats';
import type { Bench } from '../lib/types';

/*
 * Cache ingest: the same message:created events applied (a) through the client core's real sync-apply
 * function, a page at a time, one transaction per page as catch-up does, into a cache encrypted as the
 * app keeps it and into a plain one, and (b) as raw prepared INSERTs into the same schema (plain) in one
 * transaction, with the FTS5 trigger and without it.
 */

/** Events grouped into catch-up pages per stream, in the order a catch-up would request them. */
export function toPages(
  events: StreamEvent[],
  pageSize = DEFAULT_SYNC_PAGE,
): Array<{ streamId: string; events: StreamEvent[] }> {
  const byStream = new Map<string, StreamEvent[]>();
  for (const e of events) {
    const list = byStream.get(e.streamId) ?? [];
    list.push(e);
    byStream.set(e.streamId, list);
  }
  const pages: Array<{ streamId: string; events: StreamEvent[] }> = [];
  for (const [streamId, list] of byStream) {
    for (let i = 0; i < list.length; i += pageSize) pages.push({ streamId, events: list.slice(i, i + pageSize) });
  }
  return pages;
}

/** Opens a fresh cache in the core's schema with the identity's streams at cursor 0 (encrypted with `key`). */
export function freshCache(file: string, identity: Identity, key?: string): Db {
  const db = openCache(file, key === undefined ? {} : { key });
  seedStreams(db, identity, new Map());
  return db;
}

/** Applies pages through the core's applyEvents; returns elapsed ms. */
export function ingestThroughCore(
  db: Db,
  myId: string,
  pages: Array<{ streamId: string; events: StreamEvent[] }>,
): number {
  const start = nowMs();
  for (const page of pages) {
    const result = applyEvents(db, myId, page.streamId, page.events);
    if (result.gap || result.applied !== page.events.length)
      throw new Error(`applyEvents applied ${result.applied}/${page.events.length}`);
  }
  return nowMs() - start;
}

/** Raw prepared INSERTs of the same rows in one transaction; `fts` false drops the FTS trigger first. */
export function ingestRaw(db: Db, events: StreamEvent[], names: Map<string, string>, fts: boolean): number {
  if (!fts) db.exec('DROP TRIGGER IF EXISTS messages_fts_ai');
  const insert = db.prepare(
    `INSERT INTO messages (id, stream_id, seq, author_id, author_name, client_id, body, thread_root_id, mentions, tags,
       reactions, reply_count, created_at, edited_at, deleted_at, shared_at, provenance, stream_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = nowMs();
  db.transaction(() => {
    for (const e of events) {
      const m = e.message!;
      insert.run(
        m.id,
        m.streamId,
        m.seq,
        m.authorId,
        m.authorName,
        m.clientId,
        m.body,
        m.threadRootId,
        '[]',
        '[]',
        '{}',
        0,
        m.createdAt,
        null,
        null,
        null,
        null,
        names.get(m.streamId) ?? '',
      );
    }
  })();
  return nowMs() - start;
}

/** Generates the benchmark's events (outside any timing). */
export function makeEvents(identity: Identity, count: number, seed: number): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const m of generateMessages(identity, { seed, count, streamIds: identity.streams.map((s) => s.id) }))
    events.push(createdEvent(m));
  return events;
}

export const ingestBench: Bench = {
  name: 'ingest',
  title: 'Cache ingest (sync-apply with FTS5)',
  metrics: ['messages/s'],
  sizes: { tiny: { messages: 5_000, streams: 10 }, default: { messages: 100_000, streams: 20 } },
  async run({ params, seed, workDir, log }) {
    const identity = makeIdentity(seed, params.streams!);
    const events = makeEvents(identity, params.messages!, seed);
    const names = new Map(identity.streams.map((s) => [s.id, s.name]));
    const pages = toPages(events);

    const throughCore = (name: string, key?: string): number => {
      const db = freshCache(join(workDir, name), identity, key);
      const ms = ingestThroughCore(db, identity.me.id, pages);
      const stored = db.prepare('SELECT COUNT(*) FROM messages_fts').pluck().get() as number;
      db.close();
      if (stored !== events.length) throw new Error(`core ingest indexed ${stored} of ${events.length}`);
      return ms;
    };
    const coreMs = throughCore('core.db', BENCH_CACHE_KEY);
    const plainMs = throughCore('core-plain.db');
    log(`core: ${round(coreMs)} ms (unencrypted ${round(plainMs)} ms)`);

    const rawFtsDb = freshCache(join(workDir, 'raw-fts.db'), identity);
    const rawFtsMs = ingestRaw(rawFtsDb, events, names, true);
    rawFtsDb.close();
    const rawDb = freshCache(join(workDir, 'raw.db'), identity);
    const rawMs = ingestRaw(rawDb, events, names, false);
    rawDb.close();
    log(`raw+fts: ${round(rawFtsMs)} ms, raw: ${round(rawMs)} ms`);

    const rate = (ms: number): number => (events.length / ms) * 1000;
    const base = { bench: 'ingest', unit: 'msg/s' };
    return {
      rows: [
        higherIsBetter(
          { ...base, metric: 'messages/s', baselineLabel: 'raw inserts + FTS5' },
          rate(coreMs),
          rate(rawFtsMs),
          0.33,
        ),
        {
          ...higherIsBetter(
            { ...base, metric: 'messages/s, encrypted vs unencrypted', baselineLabel: 'the core into a plain cache' },
            rate(coreMs),
            rate(plainMs),
            0,
          ),
          target: 'context',
          met: null,
        },
        {
          ...higherIsBetter(
            { ...base, metric: 'messages/s vs no FTS', baselineLabel: 'raw inserts, no FTS5' },
            rate(coreMs),
            rate(rawMs),
            0,
          ),
          target: 'context',
          met: null,
        },
      ],
      details: { events: events.length, pages: pages.length, coreMs, coreUnencryptedMs: plainMs, rawFtsMs, rawMs },
    };
  },
};

import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '../../shared/protocol/index';
import { runExportCommand } from '../../server/admin/exportCommand';
import { openStore } from '../../server/db/openStore';
import { fileStoreFor } from '../../server/files/fileStore';
import type { Store } from '../../server/db/store';
import { makeIdentity } from '../fixtures/ids';
import { createdEvent, generateMessages } from '../fixtures/messages';
import { seedOrg } from '../fixtures/seedServer';
import { benchStorage, targetOf, type BenchEngine } from '../lib/benchStorage';
import { higherIsBetter, notAvailable } from '../lib/rows';
import { nowMs, round } from '../lib/stats';
import type { Bench, BenchParams, ResultRow } from '../lib/types';

/*
 * The compliance export (`npm run admin -- export`, issue 15) of a whole history: JSONL (every log
 * entry with names and who could read the stream then) and CSV (every message), each beside a raw
 * dump of the same rows to a file — the log entries' JSON, one per line, and the messages' columns
 * joined by commas — read in keyset pages of 5,000 on a direct connection. Ours and raw alternate
 * (raw JSONL, ours JSONL, raw CSV, ours CSV, twice) and the faster of each pair's two runs counts.
 */

const BATCH = 400;
const RAW_PAGE = 5000;

/** Messages and their creation entries by multi-row INSERTs, then each stream's head. */
async function seedHistory(store: Store, messages: Iterable<Message>, log: (m: string) => void): Promise<number> {
  const heads = new Map<string, number>();
  let n = 0;
  let batch: Message[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    await store.withSql(async (sql) => {
      await sql.run(
        `INSERT INTO messages (id, stream_id, seq, author_id, client_id, body, thread_root_id, mentions, tags, created_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        rows.flatMap((m) => [
          m.id,
          m.streamId,
          m.seq,
          m.authorId,
          m.clientId,
          m.body,
          m.threadRootId,
          '[]',
          '[]',
          m.createdAt,
        ]),
      );
      await sql.run(
        `INSERT INTO stream_events (stream_id, seq, type, at, actor_id, payload) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        rows.flatMap((m) => [
          m.streamId,
          m.seq,
          'message:created',
          m.createdAt,
          m.authorId,
          JSON.stringify(createdEvent(m)),
        ]),
      );
    });
  };
  for (const m of messages) {
    batch.push(m);
    heads.set(m.streamId, m.seq);
    n += 1;
    if (batch.length === BATCH) await flush();
    if (n % 200_000 === 0) log(`${n} messages seeded`);
  }
  if (batch.length > 0) await flush();
  await store.withTransaction(async (tx) => {
    for (const [streamId, seq] of heads) await tx.streams.setHead(streamId, seq);
  });
  return n;
}

/** The raw dump: one table's rows in keyset pages, each row turned into a line by `line`. */
async function rawDump(
  store: Store,
  file: string,
  table: 'stream_events' | 'messages',
  columns: string,
  line: (row: Record<string, unknown>) => string,
): Promise<number> {
  const fd = openSync(file, 'w');
  let rows = 0;
  let after: [string, number] = ['', 0];
  try {
    for (;;) {
      const page = await store.withSql((sql) =>
        sql.all<Record<string, unknown> & { stream_id: string; seq: number }>(
          // a row-value range both engines seek in the (stream_id, seq) index; an OR of the two
          // conditions made SQLite walk the log from its start for every page (5× slower at 1M)
          `SELECT stream_id, seq, ${columns} FROM ${table} WHERE (stream_id, seq) > (?, ?) ORDER BY stream_id, seq LIMIT ?`,
          [after[0], after[1], RAW_PAGE],
        ),
      );
      if (page.length === 0) return rows;
      writeSync(fd, page.map(line).join(''));
      rows += page.length;
      const last = page[page.length - 1]!;
      after = [last.stream_id, Number(last.seq)];
    }
  } finally {
    closeSync(fd);
  }
}

const csvish = (value: unknown) => (value === null ? '' : `"${String(value).replaceAll('"', '""')}"`);

async function measure(
  engine: BenchEngine,
  params: BenchParams,
  seed: number,
  workDir: string,
  log: (m: string) => void,
) {
  const dir = join(workDir, `export-${engine}`);
  mkdirSync(dir, { recursive: true });
  const storage = await benchStorage(engine, dir);
  const target = targetOf(storage);
  const identity = makeIdentity(seed, params.streams!);
  await seedOrg(target, identity, 10);
  const store = await openStore(target);
  try {
    const began = nowMs();
    const count = await seedHistory(
      store,
      generateMessages(identity, { seed, count: params.messages!, streamIds: identity.streams.map((s) => s.id) }),
      log,
    );
    log(`${engine}: ${count} messages seeded in ${round((nowMs() - began) / 1000)} s`);
    const best = { oursJsonl: Infinity, rawJsonl: Infinity, oursCsv: Infinity, rawCsv: Infinity };
    for (let round_ = 0; round_ < 2; round_ += 1) {
      const out = join(dir, `out-${round_}`);
      let t = nowMs();
      await rawDump(
        store,
        join(dir, `raw-${round_}.jsonl`),
        'stream_events',
        'payload',
        (r) => `${String(r.payload)}\n`,
      );
      best.rawJsonl = Math.min(best.rawJsonl, nowMs() - t);
      t = nowMs();
      // the seeded history has no files: JSONL and CSV never read bytes
      const files = fileStoreFor(store, null);
      const jsonl = await runExportCommand(store, {
        org: 'Bench Org',
        format: 'jsonl',
        outDir: join(out, 'jsonl'),
        files,
      });
      best.oursJsonl = Math.min(best.oursJsonl, nowMs() - t);
      if (jsonl.events !== count) throw new Error(`${engine}: JSONL exported ${jsonl.events} of ${count} entries`);
      t = nowMs();
      await rawDump(
        store,
        join(dir, `raw-${round_}.csv`),
        'messages',
        'id, author_id, body, thread_root_id, created_at',
        (r) =>
          `${[r.stream_id, r.seq, r.id, r.author_id, r.body, r.thread_root_id, r.created_at].map(csvish).join(',')}\r\n`,
      );
      best.rawCsv = Math.min(best.rawCsv, nowMs() - t);
      t = nowMs();
      const csv = await runExportCommand(store, { org: 'Bench Org', format: 'csv', outDir: join(out, 'csv'), files });
      best.oursCsv = Math.min(best.oursCsv, nowMs() - t);
      if (csv.messages !== count) throw new Error(`${engine}: CSV exported ${csv.messages} of ${count} messages`);
      rmSync(out, { recursive: true, force: true });
      log(
        `${engine} round ${round_ + 1}: JSONL ours ${round(best.oursJsonl)} ms / raw ${round(best.rawJsonl)} ms; CSV ours ${round(best.oursCsv)} / raw ${round(best.rawCsv)} ms`,
      );
    }
    return { count, ...best };
  } finally {
    await store.close();
  }
}

function rows(engine: string, f: Awaited<ReturnType<typeof measure>>): ResultRow[] {
  const rate = (ms: number) => (f.count / ms) * 1000;
  return [
    {
      ...higherIsBetter(
        {
          bench: 'export',
          metric: `JSONL msg/s, ${engine}`,
          unit: 'msg/s',
          baselineLabel: 'raw dump of the log entries',
        },
        rate(f.oursJsonl),
        rate(f.rawJsonl),
        0,
      ),
      target: 'context',
      met: null,
      note: `${f.count} messages in ${round(f.oursJsonl / 1000)} s`,
    },
    {
      ...higherIsBetter(
        { bench: 'export', metric: `CSV msg/s, ${engine}`, unit: 'msg/s', baselineLabel: 'raw dump of the messages' },
        rate(f.oursCsv),
        rate(f.rawCsv),
        0,
      ),
      target: 'context',
      met: null,
      note: `${f.count} messages in ${round(f.oursCsv / 1000)} s`,
    },
  ];
}

export const exportHistoryBench: Bench = {
  name: 'export',
  title: 'Compliance export',
  metrics: ['JSONL msg/s, SQLite', 'CSV msg/s, SQLite', 'JSONL msg/s, PostgreSQL', 'CSV msg/s, PostgreSQL'],
  sizes: {
    tiny: { messages: 3000, streams: 6, postgres: 0 },
    default: { messages: 1_000_000, streams: 50, postgres: 0 },
  },
  async run({ params, seed, workDir, log }) {
    const sqlite = await measure('sqlite', params, seed, workDir, log);
    const postgres = params.postgres === 1 ? await measure('postgres', params, seed, workDir, log) : null;
    const leftOut = 'PostgreSQL left out (--export.postgres 1 adds it; seeding a million messages there takes long)';
    return {
      rows: [
        ...rows('SQLite', sqlite),
        ...(postgres === null
          ? [
              notAvailable('export', 'JSONL msg/s, PostgreSQL', leftOut),
              notAvailable('export', 'CSV msg/s, PostgreSQL', leftOut),
            ]
          : rows('PostgreSQL', postgres)),
      ],
      details: {
        sqlite,
        postgres,
        definition:
          'ours: runExportCommand (what `npm run admin -- export` runs) to a file; raw: keyset pages of 5,000 rows (stream_id, seq) of stream_events payloads / message columns written as lines; best of two alternating runs each',
      },
    };
  },
};

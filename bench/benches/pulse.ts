import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startServer } from '../../server/app';
import { computePulse } from '../../server/domain/pulse/compute';
import { openStore } from '../../server/db/openStore';
import type { Store } from '../../server/db/store';
import { PULSE_WEEK_CHOICES } from '../../shared/protocol/index';
import { makeIdentity, seededIds } from '../fixtures/ids';
import { seedOrg, withServerDb } from '../fixtures/seedServer';
import { prng } from '../fixtures/text';
import { benchStorage, targetOf, type BenchEngine } from '../lib/benchStorage';
import { shuffled } from '../lib/order';
import { absoluteTarget, notAvailable } from '../lib/rows';
import { connectClient } from '../lib/serverUnderTest';
import { nowMs, round, summarize } from '../lib/stats';
import type { Bench, BenchParams, ResultRow } from '../lib/types';

/*
 * The team pulse (`pulse:get`, issue 17: p95 < 200 ms) over an organization with a million events:
 * messages (70 %, a third of them replies) and reactions (25 %) spread over 26 weeks in many team
 * streams, published org-wide copies of every 400th post (5 %), and everyone's read markers;
 * everyone is a member of every team, a few per team joined during the history (`newcomers`). An org
 * admin asks for a random team's pulse over 4, 12 or 26 weeks through a real server (the rollup,
 * refreshed once after seeding, plus the current week raw) beside the same pulse computed wholly raw
 * from the messages table on a direct connection, in a shuffled order.
 */

const BATCH = 400;
const DAY = 86_400_000;
const EMOJI = ['👍', '🎉', '❤️', '👀', '🙏'];

interface Seeded {
  socket: Socket;
  raw: Store;
  teams: Array<{ id: string; streamId: string }>;
  refreshMs: number;
  rollupRows: number;
  close: () => Promise<void>;
}

/** Inserts rows by multi-row INSERTs of `BATCH`. */
async function insertRows(store: Store, table: string, columns: string[], rows: Array<Array<string | number | null>>) {
  const one = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await store.withSql((sql) =>
      sql.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => one).join(', ')}`, batch.flat()),
    );
  }
}

async function seed(
  engine: BenchEngine,
  params: BenchParams,
  seedValue: number,
  workDir: string,
  log: (m: string) => void,
) {
  const dataDir = join(workDir, `pulse-${engine}`);
  mkdirSync(dataDir, { recursive: true });
  const storage = await benchStorage(engine, dataDir);
  const target = targetOf(storage);
  const identity = makeIdentity(seedValue, params.teams!, 50);
  const org = await seedOrg(target, identity, params.members!);
  await withServerDb(target, (tx) => tx.users.setOrgRole(identity.me.id, 'admin'));
  const random = prng(seedValue ^ 0x9015e);
  const nextId = seededIds(seedValue ^ 0x77);
  const now = Date.now();
  const events = params.events!;
  const store = await openStore(target);
  const began = nowMs();
  const orgStreamId = (await store.withSql((sql) =>
    sql.get<{ id: string }>("SELECT id FROM streams WHERE org_id = ? AND kind = 'org'", [identity.orgId]),
  ))!.id;
  const heads = new Map<string, number>();
  const nextSeq = (streamId: string) => {
    const seq = (heads.get(streamId) ?? 0) + 1;
    heads.set(streamId, seq);
    return seq;
  };
  // messages: oldest first per stream (seq follows time), replies to an earlier post of their stream
  const messageCount = Math.round(events * 0.7);
  const times = Array.from({ length: messageCount }, () => now - Math.floor(random() * 180 * DAY)).sort(
    (a, b) => a - b,
  );
  const roots = new Map<string, string[]>();
  const messages: Array<Array<string | number | null>> = [];
  const copies: Array<Array<string | number | null>> = [];
  const promotions: Array<Array<string | number | null>> = [];
  const ids: string[] = [];
  let posts = 0;
  for (const at of times) {
    const stream = identity.streams[Math.floor(random() * identity.streams.length)]!;
    const author = org.userIds[Math.floor(random() * org.userIds.length)]!;
    const own = roots.get(stream.id) ?? [];
    const root =
      own.length > 0 && random() < 0.33
        ? own[Math.floor(random() * Math.min(own.length, 50)) + Math.max(0, own.length - 50)]!
        : null;
    const id = nextId();
    messages.push([id, stream.id, nextSeq(stream.id), author, id, `message ${ids.length}`, root, at]);
    ids.push(id);
    if (root === null) {
      own.push(id);
      roots.set(stream.id, own);
      posts += 1;
      if (posts % 400 === 0) {
        const copyId = nextId();
        const copyAt = Math.min(now - 1000, at + Math.floor(random() * DAY));
        copies.push([copyId, orgStreamId, 0, author, copyId, `copy of ${id}`, null, copyAt]);
        promotions.push([
          nextId(),
          id,
          stream.id,
          stream.teamId,
          orgStreamId,
          author,
          author,
          nextId(),
          `copy of ${id}`,
          'published',
          copyId,
          copyAt,
          copyAt,
        ]);
      }
    }
  }
  // the org stream's seqs in time order
  copies.sort((a, b) => Number(a[7]) - Number(b[7]));
  for (const copy of copies) copy[2] = nextSeq(orgStreamId);
  const columns = ['id', 'stream_id', 'seq', 'author_id', 'client_id', 'body', 'thread_root_id', 'created_at'];
  await insertRows(store, 'messages', columns, messages);
  await insertRows(store, 'messages', columns, copies);
  await insertRows(
    store,
    'promotions',
    [
      'id',
      'message_id',
      'source_stream_id',
      'source_team_id',
      'target_stream_id',
      'author_id',
      'proposer_id',
      'client_id',
      'snapshot_body',
      'state',
      'org_message_id',
      'created_at',
      'updated_at',
    ],
    promotions,
  );
  log(`${engine}: ${messages.length} messages, ${copies.length} org-wide copies seeded`);
  const reactions = new Map<string, Array<string | number>>();
  const reactionCount = Math.round(events * 0.25);
  while (reactions.size < reactionCount) {
    const message = ids[Math.floor(random() * ids.length)]!;
    const emoji = EMOJI[Math.floor(random() * EMOJI.length)]!;
    const user = org.userIds[Math.floor(random() * org.userIds.length)]!;
    reactions.set(`${message}/${emoji}/${user}`, [message, emoji, user, now - Math.floor(random() * 180 * DAY)]);
  }
  await insertRows(store, 'reactions', ['message_id', 'emoji', 'user_id', 'created_at'], [...reactions.values()]);
  // everyone's read markers: the org stream somewhere in its history, each team stream near its head
  const marks: Array<Array<string | number>> = [];
  for (const user of org.userIds)
    for (const [streamId, head] of heads) marks.push([user, streamId, Math.floor(head * (0.5 + random() / 2))]);
  await insertRows(store, 'read_marks', ['user_id', 'stream_id', 'last_read_seq'], marks);
  await store.withSql(async (sql) => {
    for (const [streamId, head] of heads)
      await sql.run('UPDATE streams SET head_seq = ? WHERE id = ?', [head, streamId]);
    // seedOrg makes everyone a member "now": date memberships (and their joins in the membership
    // history, which the pulse reads) back before the history, except a few people per team who
    // joined during it (a team gains a handful of members in half a year)
    await sql.run('UPDATE memberships SET created_at = ?', [now - 200 * DAY]);
    await sql.run('UPDATE membership_history SET at = ?', [now - 200 * DAY]);
    for (const stream of identity.streams)
      for (let k = 0; k < params.newcomers!; k++) {
        const joinedAt = now - Math.floor(random() * 180 * DAY);
        const userId = org.userIds[Math.floor(random() * org.userIds.length)]!;
        await sql.run('UPDATE memberships SET created_at = ? WHERE team_id = ? AND user_id = ?', [
          joinedAt,
          stream.teamId,
          userId,
        ]);
        await sql.run('UPDATE membership_history SET at = ? WHERE team_id = ? AND user_id = ?', [
          joinedAt,
          stream.teamId,
          userId,
        ]);
      }
  });
  await store.close();
  log(
    `${engine}: ${messages.length + copies.length + reactions.size + marks.length} rows (${reactions.size} reactions, ${marks.length} read markers) in ${round((nowMs() - began) / 1000)} s`,
  );
  const server = await startServer({
    ...(storage.engine === 'sqlite' ? { dataDir: storage.dataDir } : { database: storage.database }),
    port: 0,
    logLevel: 'silent',
    scryptCost: 1024,
    rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
    pulseRollupIntervalMs: 0,
  });
  const refreshBegan = nowMs();
  const refresh = await server.pulseRollup.refresh();
  const refreshMs = nowMs() - refreshBegan;
  log(`${engine}: rollup refresh wrote ${refresh.rows} rows for ${refresh.teams} teams in ${round(refreshMs)} ms`);
  const socket = await connectClient(server.url, org.tokens[0]!);
  const raw = await openStore(target);
  return {
    socket,
    raw,
    teams: identity.streams.map((s) => ({ id: s.teamId, streamId: s.id })),
    refreshMs,
    rollupRows: refresh.rows,
    close: async () => {
      socket.close();
      await server.close();
      await raw.close();
    },
  } satisfies Seeded;
}

async function viaServer(socket: Socket, teamId: string, weeks: number): Promise<number> {
  const ack = (await socket.timeout(30_000).emitWithAck('pulse:get', { teamId, weeks })) as
    { ok: true; weeks: Array<{ posts: number }> } | { ok: false; error: { code: string; message: string } };
  if (!ack.ok) throw new Error(`pulse:get refused: ${ack.error.code} ${ack.error.message}`);
  return ack.weeks.reduce((n, w) => n + w.posts, 0);
}

async function measure(
  engine: BenchEngine,
  ctx: { params: BenchParams; seed: number; workDir: string; log: (m: string) => void },
) {
  const seeded = await seed(engine, ctx.params, ctx.seed, ctx.workDir, ctx.log);
  try {
    const random = prng(ctx.seed ^ 0x5eed);
    const times = { ours: [] as number[], raw: [] as number[] };
    const total = ctx.params.queries! + ctx.params.warmup!;
    for (let i = 0; i < total; i++) {
      const team = seeded.teams[Math.floor(random() * seeded.teams.length)]!;
      const weeks = PULSE_WEEK_CHOICES[i % PULSE_WEEK_CHOICES.length]!;
      const found = { ours: 0, raw: 0 };
      for (const path of shuffled(['ours', 'raw'] as const, random)) {
        const began = nowMs();
        found[path] =
          path === 'ours'
            ? await viaServer(seeded.socket, team.id, weeks)
            : (
                await seeded.raw.withTransaction((tx) => computePulse(tx, team, weeks, Date.now(), 'raw'), {
                  readOnly: true,
                })
              ).weeks.reduce((n, w) => n + w.posts, 0);
        const ms = nowMs() - began;
        if (i >= ctx.params.warmup!) times[path].push(ms);
      }
      // the two answers count the same posts (a post sent between them would be in neither: nothing is sent)
      if (found.ours !== found.raw) throw new Error(`${engine}: rollup ${found.ours} posts ≠ raw ${found.raw}`);
    }
    const ours = summarize(times.ours);
    const raw = summarize(times.raw);
    ctx.log(
      `${engine}: p50/p95 rollup ${round(ours.p50)}/${round(ours.p95)} ms, raw ${round(raw.p50)}/${round(raw.p95)} ms`,
    );
    return { ours, raw, refreshMs: seeded.refreshMs, rollupRows: seeded.rollupRows };
  } finally {
    await seeded.close();
  }
}

function row(engine: string, figures: Awaited<ReturnType<typeof measure>>, events: number): ResultRow {
  return {
    ...absoluteTarget(
      { bench: 'pulse', metric: `p95, ${engine}`, unit: 'ms', baselineLabel: 'the raw query, direct' },
      figures.ours.p95,
      figures.raw.p95,
      'p95 < 200 ms',
      figures.ours.p95 < 200,
    ),
    note: `${events} events; p50 ${round(figures.ours.p50)} ms (raw ${round(figures.raw.p50)}); rollup refresh ${round(figures.refreshMs)} ms for ${figures.rollupRows} rows`,
  };
}

export const pulseBench: Bench = {
  name: 'pulse',
  title: 'Team pulse',
  metrics: ['p95, PostgreSQL', 'p95, SQLite'],
  sizes: {
    tiny: { events: 6000, teams: 6, members: 20, queries: 12, warmup: 3, newcomers: 2, postgres: 0 },
    default: { events: 1_000_000, teams: 40, members: 150, queries: 150, warmup: 15, newcomers: 5, postgres: 1 },
  },
  async run({ params, seed, workDir, log }) {
    const ctx = { params, seed, workDir, log };
    const postgres = params.postgres === 1 ? await measure('postgres', ctx) : null;
    const sqlite = await measure('sqlite', ctx);
    return {
      rows: [
        postgres === null
          ? notAvailable('pulse', 'p95, PostgreSQL', 'PostgreSQL left out at this size (--pulse.postgres 1)')
          : row('PostgreSQL', postgres, params.events!),
        row('SQLite', sqlite, params.events!),
      ],
      details: {
        postgres,
        sqlite,
        definition:
          'ours: an org admin’s socket pulse:get (rollup for closed weeks, refreshed once after seeding; current week raw) → ack; raw: computePulse from the messages table on its own connection; random team, 4/12/26 weeks in turn',
      },
    };
  },
};

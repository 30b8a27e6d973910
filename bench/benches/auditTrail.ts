import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { openStore } from '../../server/db/openStore';
import { encodeAuditCursor } from '../../server/handlers/audit.handlers';
import {
  SqlAuditRepository,
  type AuditPageFilter,
  type AuditPosition,
} from '../../server/repositories/audit.repository';
import { startServer, type RunningServer } from '../../server/app';
import { makeIdentity, type Identity } from '../fixtures/ids';
import { seedOrg, withServerDb } from '../fixtures/seedServer';
import { prng } from '../fixtures/text';
import { benchStorage, targetOf, type BenchEngine } from '../lib/benchStorage';
import { shuffled } from '../lib/order';
import { absoluteTarget, notAvailable } from '../lib/rows';
import { connectClient } from '../lib/serverUnderTest';
import { nowMs, round, summarize } from '../lib/stats';
import type { Bench, BenchParams, ResultRow } from '../lib/types';

/*
 * The audit viewer (`audit:list`) over a trail of a million records (issue 15: p95 ≤ 200 ms). A
 * compliance user pages it through a real server, query for query beside the repository's own page
 * statement on a direct connection (raw), in a shuffled order. The queries rotate through what the
 * viewer asks: the first page, by action, by person, by team, a week's window, and a page deep in
 * the trail (a cursor at a random record). Records are seeded by multi-row INSERTs, one every ~30 s
 * over a year, with the mix of actions a busy organization writes (mostly logins).
 */

const PAGE = 50;
const BATCH = 500;
const ACTIONS = [
  ['login', 50],
  ['logout', 10],
  ['login.failed', 5],
  ['member.add', 8],
  ['member.remove', 3],
  ['promotion.propose', 6],
  ['promotion.submit', 5],
  ['promotion.publish', 4],
  ['message.delete', 6],
  ['api_token.create', 2],
  ['org.url_policy', 1],
] as const;
const TEAM_ACTIONS = new Set([
  'member.add',
  'member.remove',
  'promotion.propose',
  'promotion.submit',
  'promotion.publish',
]);
const STEP_MS = 30_000;

interface Seeded {
  url: string;
  server: RunningServer;
  socket: Socket;
  raw: (filter: AuditPageFilter, before: AuditPosition | null, limit: number) => Promise<unknown[]>;
  closeRaw: () => Promise<void>;
  orgId: string;
  people: string[];
  teams: string[];
  start: number;
  records: number;
}

function pickAction(random: () => number): string {
  let roll = random() * 100;
  for (const [action, weight] of ACTIONS) {
    if (roll < weight) return action;
    roll -= weight;
  }
  return 'login';
}

async function seedTrail(
  engine: BenchEngine,
  identity: Identity,
  params: BenchParams,
  seed: number,
  workDir: string,
  log: (m: string) => void,
) {
  const dataDir = join(workDir, `audit-${engine}`);
  mkdirSync(dataDir, { recursive: true });
  const storage = await benchStorage(engine, dataDir);
  const target = targetOf(storage);
  const org = await seedOrg(target, identity, 20);
  await withServerDb(target, (tx) => tx.users.setOrgRole(identity.me.id, 'compliance'));
  const teams = identity.streams.map((s) => s.teamId);
  const random = prng(seed ^ 0xa0d17);
  const start = Date.UTC(2025, 0, 1);
  const store = await openStore(target);
  const began = nowMs();
  try {
    for (let from = 0; from < params.records!; from += BATCH) {
      const rows: Array<Array<string | number | null>> = [];
      for (let i = from; i < Math.min(params.records!, from + BATCH); i += 1) {
        const action = pickAction(random);
        const team = TEAM_ACTIONS.has(action) ? teams[Math.floor(random() * teams.length)]! : null;
        const actor = org.userIds[Math.floor(random() * org.userIds.length)]!;
        const detail = team === null ? '{"via":"server"}' : `{"teamId":"${team}","via":"server"}`;
        rows.push([
          start + i * STEP_MS + Math.floor(random() * 1000),
          identity.orgId,
          actor,
          action,
          actor,
          detail,
          team,
        ]);
      }
      const values = rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      await store.withSql((sql) =>
        sql.run(
          `INSERT INTO audit (at, org_id, actor_id, action, target, detail, team_id) VALUES ${values}`,
          rows.flat(),
        ),
      );
      if ((from + BATCH) % 200_000 === 0) log(`${engine}: ${from + BATCH} audit records seeded`);
    }
  } finally {
    await store.close();
  }
  log(`${engine}: ${params.records} audit records seeded in ${round((nowMs() - began) / 1000)} s`);
  const server = await startServer({
    ...(storage.engine === 'sqlite' ? { dataDir: storage.dataDir } : { database: storage.database }),
    port: 0,
    logLevel: 'silent',
    scryptCost: 1024,
    rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
  });
  const socket = await connectClient(server.url, org.tokens[0]!);
  const rawStore = await openStore(target);
  // the repository's statement on its own connection, outside any unit of work: what the query costs
  const raw: Seeded['raw'] = (filter, before, limit) =>
    rawStore.withSql((sql) => new SqlAuditRepository(sql).page(filter, before, limit));
  return {
    url: server.url,
    server,
    socket,
    raw,
    closeRaw: () => rawStore.close(),
    orgId: identity.orgId,
    people: org.userIds,
    teams,
    start,
    records: params.records!,
  } satisfies Seeded;
}

interface Case {
  label: string;
  filter: Omit<AuditPageFilter, 'orgId'>;
  before: AuditPosition | null;
}

function makeCases(seeded: Seeded, count: number, seed: number): Case[] {
  const random = prng(seed ^ 0xca5e);
  const span = seeded.records * STEP_MS;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const kinds: Array<() => Case> = [
    () => ({ label: 'first page', filter: {}, before: null }),
    () => ({
      label: 'by action',
      filter: { action: pick(['member.add', 'message.delete', 'promotion.publish']) },
      before: null,
    }),
    () => ({ label: 'by person', filter: { actorId: pick(seeded.people) }, before: null }),
    () => ({ label: 'by team', filter: { teamId: pick(seeded.teams) }, before: null }),
    () => {
      const from = seeded.start + Math.floor(random() * (span - 7 * 86_400_000));
      return { label: 'a week', filter: { from, to: from + 7 * 86_400_000 }, before: null };
    },
    () => {
      // a cursor at a random point of the trail: the page after it costs what any deep page costs
      const at = seeded.start + Math.floor(random() * span);
      return { label: 'deep page', filter: {}, before: { at, id: Number.MAX_SAFE_INTEGER } };
    },
  ];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!());
}

async function viaServer(socket: Socket, c: Case): Promise<number> {
  const payload = {
    ...c.filter,
    limit: PAGE,
    ...(c.before ? { cursor: encodeAuditCursor(c.before) } : {}),
  };
  const ack = (await socket.timeout(30_000).emitWithAck('audit:list', payload)) as
    { ok: true; entries: unknown[] } | { ok: false; error: { code: string; message: string } };
  if (!ack.ok) throw new Error(`audit:list refused: ${ack.error.code} ${ack.error.message}`);
  return ack.entries.length;
}

async function measure(
  engine: BenchEngine,
  ctx: { params: BenchParams; seed: number; workDir: string; log: (m: string) => void },
) {
  const identity = makeIdentity(ctx.seed, 8);
  const seeded = await seedTrail(engine, identity, ctx.params, ctx.seed, ctx.workDir, ctx.log);
  try {
    const cases = makeCases(seeded, ctx.params.queries! + ctx.params.warmup!, ctx.seed);
    const random = prng(ctx.seed ^ 0x5eed);
    const times = { ours: [] as number[], raw: [] as number[] };
    const perLabel = new Map<string, number[]>();
    for (const [i, c] of cases.entries()) {
      for (const path of shuffled(['ours', 'raw'] as const, random)) {
        const began = nowMs();
        const found =
          path === 'ours'
            ? await viaServer(seeded.socket, c)
            : (await seeded.raw({ orgId: seeded.orgId, ...c.filter }, c.before, PAGE + 1)).length;
        const ms = nowMs() - began;
        if (found === 0 && c.label === 'first page') throw new Error(`${engine}: the trail is empty`);
        if (i < ctx.params.warmup!) continue;
        times[path].push(ms);
        if (path === 'ours') perLabel.set(c.label, [...(perLabel.get(c.label) ?? []), ms]);
      }
    }
    const ours = summarize(times.ours);
    const raw = summarize(times.raw);
    const byCase = Object.fromEntries([...perLabel].map(([label, ms]) => [label, round(summarize(ms).p95)]));
    ctx.log(
      `${engine}: p50/p95 ours ${round(ours.p50)}/${round(ours.p95)} ms, raw ${round(raw.p50)}/${round(raw.p95)} ms; p95 by case ${JSON.stringify(byCase)}`,
    );
    return { ours, raw, byCase };
  } finally {
    seeded.socket.close();
    await seeded.server.close();
    await seeded.closeRaw();
  }
}

function row(engine: string, figures: Awaited<ReturnType<typeof measure>>, records: number): ResultRow {
  return {
    ...absoluteTarget(
      { bench: 'audit', metric: `p95, ${engine}`, unit: 'ms', baselineLabel: 'the page statement, direct' },
      figures.ours.p95,
      figures.raw.p95,
      'p95 ≤ 200 ms',
      figures.ours.p95 <= 200,
    ),
    note: `${records} records; p50 ${round(figures.ours.p50)} ms (raw ${round(figures.raw.p50)})`,
  };
}

export const auditTrailBench: Bench = {
  name: 'audit',
  title: 'Audit viewer',
  metrics: ['p95, PostgreSQL', 'p95, SQLite'],
  sizes: {
    tiny: { records: 3000, queries: 24, warmup: 6, postgres: 0 },
    default: { records: 1_000_000, queries: 240, warmup: 24, postgres: 1 },
  },
  async run({ params, seed, workDir, log }) {
    const ctx = { params, seed, workDir, log };
    const postgres = params.postgres === 1 ? await measure('postgres', ctx) : null;
    const sqlite = await measure('sqlite', ctx);
    return {
      rows: [
        postgres === null
          ? notAvailable('audit', 'p95, PostgreSQL', 'PostgreSQL left out at this size (--audit.postgres 1)')
          : row('PostgreSQL', postgres, params.records!),
        row('SQLite', sqlite, params.records!),
      ],
      details: {
        postgres,
        sqlite,
        definition:
          'ours: a compliance user’s socket audit:list (limit 50) → ack; raw: the repository page statement (limit 51) on its own connection; cases rotate: first page, by action, by person, by team, a week, a deep page',
      },
    };
  },
};

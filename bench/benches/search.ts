import { connect, type Db } from '../../main/core/cache/database';
import { join } from 'node:path';
import { cacheFile } from '../../main/core/account';
import { SEARCH_WINDOW } from '../../main/core/cache/search';
import { cachedCacheDb } from '../fixtures/cacheDb';
import { makeIdentity, type Identity } from '../fixtures/ids';
import { filteredCopies, makeQueries, type SearchCase } from '../fixtures/queries';
import { prng } from '../fixtures/text';
import { DEAD_SERVER, prepareDataDir, startCore, unwrap } from '../lib/coreHarness';
import { shuffled } from '../lib/order';
import { absoluteTarget, lowerIsBetter } from '../lib/rows';
import { nowMs, round, summarize } from '../lib/stats';
import type { Bench, BenchParams, ResultRow } from '../lib/types';
import { fullRankSearcher, likeSearcher, matchCounter, rawFtsSearcher } from './searchBaselines';

/*
 * Local search at three cache sizes (messages/100, /10, and messages: 10k, 100k, 1M by default): the
 * client core's `search:query` against the raw FTS5 query doing the same index work (same MATCH
 * expression, same candidate statement), query for query, unfiltered and stream-filtered reported
 * apart. At the largest size also: a LIKE scan (a subset: each scans the table) and what the bounded
 * ranking gives up against FTS5's bm25 over every match.
 */

type Stats = ReturnType<typeof summarize>;

interface SizeResult {
  count: number;
  fixture: string;
  unfiltered: { core: Stats; raw: Stats; plain: Stats };
  filtered: { core: Stats; raw: Stats; plain: Stats };
  /** Every query of the size, unfiltered and filtered together. */
  all: { core: Stats; raw: Stats; plain: Stats };
  byKind: Record<string, { core: Stats; raw: Stats; plain: Stats }>;
  /** Only at the largest size. */
  extra: Record<string, unknown> | null;
  likeRow: ResultRow | null;
  fidelityRow: ResultRow | null;
}

function sizeLabel(count: number): string {
  return count >= 1_000_000 ? `${count / 1_000_000}M` : count >= 1000 ? `${count / 1000}k` : String(count);
}

/** Ids of the first `n` rowids, in order. */
function idsOf(db: Db, rowIds: number[]): string[] {
  const byRow = db.prepare('SELECT id FROM messages WHERE row_id = ?').pluck();
  return rowIds.map((r) => byRow.get(r) as string);
}

async function measureSize(
  count: number,
  largest: boolean,
  identity: Identity,
  params: BenchParams,
  ctx: { seed: number; workDir: string; root: string; log: (m: string) => void },
): Promise<SizeResult> {
  const { seed, root, log } = ctx;
  const limit = params.limit!;
  const fixture = cachedCacheDb(root, identity, { count, seed, log });
  // the core on the cache encrypted as the app keeps it; the raw baseline and the core again on a plain copy
  const dataDir = join(ctx.workDir, `client-${count}`);
  prepareDataDir(dataDir, identity, fixture, DEAD_SERVER);
  const plainDir = join(ctx.workDir, `client-${count}-plain`);
  prepareDataDir(plainDir, identity, fixture, DEAD_SERVER, undefined, { encrypted: false });
  const raw = connect(cacheFile(plainDir, identity.me.id), { readonly: true });
  const core = startCore(dataDir, DEAD_SERVER);
  const plain = startCore(plainDir, DEAD_SERVER, { encrypted: false });
  try {
    const step = Math.max(1, Math.floor(count / 200));
    const bodies = raw
      .prepare(`SELECT body FROM messages WHERE row_id % ${step} = 0 LIMIT 200`)
      .pluck()
      .all() as string[];
    const unfiltered = makeQueries(identity, seed, params.queries!, bodies);
    const filtered = filteredCopies(unfiltered, identity, seed);
    const all = [...unfiltered, ...filtered];
    const rawFts = rawFtsSearcher(raw, limit, all);
    const searchOn =
      (on: typeof core) =>
      async (c: SearchCase): Promise<string[]> => {
        const request = { query: c.input, limit, ...(c.streamId === null ? {} : { streamId: c.streamId }) };
        return unwrap<{ hits: Array<{ message: { id: string } }> }>(await on.invoke('search:query', request)).hits.map(
          (h) => h.message.id,
        );
      };
    const coreSearch = searchOn(core);
    const plainSearch = searchOn(plain);
    // Warm the paths (statement compilation, first page reads) before timing.
    for (const c of [...unfiltered.slice(0, 10), ...filtered.slice(0, 10)]) {
      rawFts(c);
      await coreSearch(c);
      await plainSearch(c);
    }
    // Each query once each way, in a shuffled order (queries and which side goes first), so a burst
    // of other load on the machine hits both sides alike.
    const times = {
      core: new Map<SearchCase, number>(),
      raw: new Map<SearchCase, number>(),
      plain: new Map<SearchCase, number>(),
    };
    const coreTimes = times.core;
    const coreIds = new Map<SearchCase, string[]>();
    const random = prng(seed ^ count);
    for (const c of shuffled(all, random)) {
      for (const side of shuffled(['core', 'raw', 'plain'] as const, random)) {
        const start = nowMs();
        if (side === 'core') coreIds.set(c, await coreSearch(c));
        else if (side === 'plain') await plainSearch(c);
        else rawFts(c);
        times[side].set(c, nowMs() - start);
      }
    }
    const stats = (cases: SearchCase[]) => ({
      core: summarize(cases.map((c) => times.core.get(c)!)),
      raw: summarize(cases.map((c) => times.raw.get(c)!)),
      plain: summarize(cases.map((c) => times.plain.get(c)!)),
    });
    const byKind: SizeResult['byKind'] = {};
    for (const kind of ['rare', 'common', 'phrase', 'prefix']) byKind[kind] = stats(all.filter((c) => c.kind === kind));
    const result: SizeResult = {
      count,
      fixture,
      unfiltered: stats(unfiltered),
      filtered: stats(filtered),
      all: stats(all),
      byKind,
      extra: null,
      likeRow: null,
      fidelityRow: null,
    };
    log(
      `${sizeLabel(count)}: p95 unfiltered ${round(result.unfiltered.core.p95)} (unencrypted ${round(result.unfiltered.plain.p95)}) vs raw ${round(result.unfiltered.raw.p95)} ms; filtered ${round(result.filtered.core.p95)} (unencrypted ${round(result.filtered.plain.p95)}) vs raw ${round(result.filtered.raw.p95)} ms`,
    );
    if (!largest) return result;

    const like = likeSearcher(raw, limit);
    const likeCases = unfiltered
      .filter((_, i) => i % Math.ceil(unfiltered.length / params.likeQueries!) === 0)
      .slice(0, params.likeQueries!);
    const likeTimes = likeCases.map((c) => {
      const start = nowMs();
      like(c);
      return nowMs() - start;
    });
    const likeStats = summarize(likeTimes);
    const oursOnLike = summarize(likeCases.map((c) => coreTimes.get(c)!));
    const speedUp = likeStats.p95 / oursOnLike.p95;
    result.likeRow = {
      ...absoluteTarget(
        {
          bench: 'search',
          metric: `p95 vs LIKE scan, ${sizeLabel(count)}`,
          unit: 'ms',
          baselineLabel: `LIKE, ${likeCases.length} queries`,
        },
        oursOnLike.p95,
        likeStats.p95,
        '≥ 100× faster (ratio = LIKE ÷ ours)',
        speedUp >= 100,
      ),
      ratio: round(speedUp),
    };

    // What ranking only the newest SEARCH_WINDOW matches gives up: of FTS5's bm25 top 10 over every
    // match, how many are in our top 10, for the queries with more matches than the window.
    const fullRank = fullRankSearcher(raw, 10);
    const countMatches = matchCounter(raw);
    const rankTimes: number[] = [];
    const overlaps: number[] = [];
    let complete = 0;
    for (const c of unfiltered) {
      const start = nowMs();
      const best = idsOf(raw, fullRank(c));
      rankTimes.push(nowMs() - start);
      if (countMatches(c) <= SEARCH_WINDOW) {
        complete += 1;
        continue;
      }
      const ours = new Set(coreIds.get(c)!.slice(0, 10));
      if (best.length > 0) overlaps.push(best.filter((id) => ours.has(id)).length / best.length);
    }
    const shared = overlaps.length === 0 ? 1 : overlaps.reduce((a, b) => a + b, 0) / overlaps.length;
    result.fidelityRow = {
      ...absoluteTarget(
        {
          bench: 'search',
          metric: `top 10 shared with bm25 over all matches, ${sizeLabel(count)}`,
          unit: '%',
          baselineLabel: 'FTS5 ORDER BY rank',
        },
        shared * 100,
        100,
        'context',
        true,
      ),
      met: null,
      note: `${overlaps.length} of ${unfiltered.length} queries match more than the ${SEARCH_WINDOW}-row window`,
    };
    result.extra = {
      like: likeStats,
      coreOnLikeSubset: oursOnLike,
      speedUpVsLike: speedUp,
      rankedOverAllMatches: summarize(rankTimes),
      top10Shared: { mean: shared, queriesBeyondWindow: overlaps.length, queriesWithinWindow: complete },
    };
    return result;
  } finally {
    raw.close();
    await Promise.all([core.close(), plain.close()]);
  }
}

export const searchBench: Bench = {
  name: 'search',
  title: 'Local search',
  metrics: [
    'p95 vs raw FTS5, unfiltered',
    'p95 vs raw FTS5, filtered',
    'p95 vs LIKE scan',
    'top 10 shared with bm25 over all matches',
  ],
  sizes: {
    tiny: { messages: 20_000, streams: 20, queries: 40, likeQueries: 8, limit: 50 },
    default: { messages: 1_000_000, streams: 200, queries: 200, likeQueries: 20, limit: 50 },
  },
  async run({ params, seed, workDir, root, log }) {
    const identity = makeIdentity(seed, params.streams!);
    const counts = [params.messages! / 100, params.messages! / 10, params.messages!].map(Math.round);
    const results: SizeResult[] = [];
    for (const count of counts)
      results.push(
        await measureSize(count, count === params.messages!, identity, params, { seed, workDir, root, log }),
      );
    const rows: ResultRow[] = [];
    for (const r of results)
      for (const kind of ['unfiltered', 'filtered'] as const)
        rows.push({
          ...lowerIsBetter(
            {
              bench: 'search',
              metric: `p95 vs raw FTS5, ${sizeLabel(r.count)} ${kind}`,
              unit: 'ms',
              baselineLabel: 'raw FTS5, same query',
            },
            r[kind].core.p95,
            r[kind].raw.p95,
            1.5,
          ),
          note: `p50 ${round(r[kind].core.p50)} ms vs ${round(r[kind].raw.p50)}; encrypted cache`,
        });
    // what encryption costs: the same queries through the core on the encrypted and the plain copy
    for (const r of results)
      rows.push({
        ...lowerIsBetter(
          {
            bench: 'search',
            metric: `p95 encrypted vs unencrypted cache, ${sizeLabel(r.count)} (all queries)`,
            unit: 'ms',
            baselineLabel: 'the core on a plain copy',
          },
          r.all.core.p95,
          r.all.plain.p95,
          0,
        ),
        target: 'context',
        met: null,
        note: `unfiltered ${round(r.unfiltered.core.p95)} vs ${round(r.unfiltered.plain.p95)} ms, filtered ${round(r.filtered.core.p95)} vs ${round(r.filtered.plain.p95)} ms`,
      });
    const last = results[results.length - 1]!;
    if (last.likeRow) rows.push(last.likeRow);
    if (last.fidelityRow) rows.push(last.fidelityRow);
    return {
      rows,
      details: Object.fromEntries(
        results.map((r) => [
          sizeLabel(r.count),
          { fixture: r.fixture, unfiltered: r.unfiltered, filtered: r.filtered, byKind: r.byKind, ...r.extra },
        ]),
      ),
    };
  },
};

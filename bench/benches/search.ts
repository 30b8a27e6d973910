import { connect } from '../../main/core/cache/database';
import { join } from 'node:path';
import { cacheFile } from '../../main/core/account';
import { cachedCacheDb } from '../fixtures/cacheDb';
import { makeIdentity } from '../fixtures/ids';
import { makeQueries, type SearchCase } from '../fixtures/queries';
import { DEAD_SERVER, prepareDataDir, startCore, unwrap } from '../lib/coreHarness';
import { absoluteTarget, lowerIsBetter } from '../lib/rows';
import { nowMs, round, summarize } from '../lib/stats';
import type { Bench } from '../lib/types';
import { likeSearcher, rankedFtsSearcher, rawFtsSearcher, type Searcher } from './searchBaselines';

/*
 * Local search over a large cache: the client core's `search:query` against the bare FTS5 query and
 * a LIKE scan, same file, same queries. LIKE runs a subset only (each scans the whole table).
 */

function measure(cases: SearchCase[], run: (c: SearchCase) => number): { times: number[]; hits: number } {
  const times: number[] = [];
  let hits = 0;
  for (const c of cases) {
    const start = nowMs();
    hits += run(c);
    times.push(nowMs() - start);
  }
  return { times, hits };
}

export const searchBench: Bench = {
  name: 'search',
  title: 'Local search',
  metrics: ['p95 vs raw FTS5', 'p95 vs LIKE scan'],
  sizes: {
    tiny: { messages: 20_000, streams: 20, queries: 40, likeQueries: 8, limit: 50 },
    default: { messages: 1_000_000, streams: 200, queries: 200, likeQueries: 20, limit: 50 },
  },
  async run({ params, seed, workDir, root, log }) {
    const identity = makeIdentity(seed, params.streams!);
    const fixture = cachedCacheDb(root, identity, { count: params.messages!, seed, log });
    const limit = params.limit!;
    const dataDir = join(workDir, 'client');
    prepareDataDir(dataDir, identity, fixture, DEAD_SERVER);
    const raw = connect(cacheFile(dataDir, identity.me.id), { readonly: true });
    const bodies = raw.prepare('SELECT body FROM messages WHERE row_id % 4999 = 7 LIMIT 200').pluck().all() as string[];
    const cases = makeQueries(identity, seed, params.queries!, bodies);
    const core = startCore(dataDir, DEAD_SERVER);
    try {
      const rawFts: Searcher = rawFtsSearcher(raw, limit);
      const like: Searcher = likeSearcher(raw, limit);
      const coreTimes: number[] = [];
      let coreHits = 0;
      const coreSearch = async (c: SearchCase): Promise<number> => {
        const request = { query: c.input, limit, ...(c.streamId === null ? {} : { streamId: c.streamId }) };
        const value = unwrap<{ hits: unknown[] }>(await core.invoke('search:query', request));
        return value.hits.length;
      };
      // Warm both paths (statement compilation, first page reads) before timing.
      for (const c of cases.slice(0, 10)) {
        rawFts(c);
        await coreSearch(c);
      }
      // Interleaved per query, so a burst of other load on the machine hits both sides alike.
      const rawResult = { times: [] as number[], hits: 0 };
      for (const c of cases) {
        let start = nowMs();
        rawResult.hits += rawFts(c);
        rawResult.times.push(nowMs() - start);
        start = nowMs();
        coreHits += await coreSearch(c);
        coreTimes.push(nowMs() - start);
      }
      const likeCases = cases
        .filter((_, i) => i % Math.ceil(cases.length / params.likeQueries!) === 0)
        .slice(0, params.likeQueries!);
      const likeResult = measure(likeCases, like);
      // context only: the former baseline (bm25 over every match), what the core's old query cost
      const rankedResult = measure(cases, rankedFtsSearcher(raw, limit));
      const coreOnLike = likeCases.map((c) => coreTimes[cases.indexOf(c)]!);
      const ours = summarize(coreTimes);
      const fts = summarize(rawResult.times);
      const likeStats = summarize(likeResult.times);
      const oursOnLike = summarize(coreOnLike);
      log(
        `core p50 ${round(ours.p50)} p95 ${round(ours.p95)} ms; fts p95 ${round(fts.p95)}; like p95 ${round(likeStats.p95)} ms`,
      );
      const byKind: Record<string, unknown> = {};
      for (const kind of ['rare', 'common', 'phrase', 'prefix']) {
        const idx = cases.map((c, i) => (c.kind === kind ? i : -1)).filter((i) => i >= 0);
        byKind[kind] = {
          core: summarize(idx.map((i) => coreTimes[i]!)),
          rawFts: summarize(idx.map((i) => rawResult.times[i]!)),
        };
      }
      const speedUp = likeStats.p95 / oursOnLike.p95;
      return {
        rows: [
          {
            ...lowerIsBetter(
              { bench: 'search', metric: 'p95 vs raw FTS5', unit: 'ms', baselineLabel: 'raw FTS5' },
              ours.p95,
              fts.p95,
              1.5,
            ),
            note: `p50 ${round(ours.p50)} ms`,
          },
          {
            ...absoluteTarget(
              {
                bench: 'search',
                metric: 'p95 vs LIKE scan',
                unit: 'ms',
                baselineLabel: `LIKE, ${likeCases.length} queries`,
              },
              oursOnLike.p95,
              likeStats.p95,
              '≥ 100× faster (ratio = LIKE ÷ ours)',
              speedUp >= 100,
            ),
            ratio: round(speedUp),
          },
        ],
        details: {
          fixture,
          core: ours,
          rawFts: fts,
          rankedFts: summarize(rankedResult.times),
          like: likeStats,
          coreOnLikeSubset: oursOnLike,
          speedUpVsLike: speedUp,
          byKind,
          hits: { core: coreHits, rawFts: rawResult.hits, like: likeResult.hits },
        },
      };
    } finally {
      raw.close();
      await core.close();
    }
  },
};

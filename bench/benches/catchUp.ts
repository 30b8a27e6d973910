import { connect } from '../../main/core/cache/database';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { cacheFile } from '../../main/core/account';
import { closeCache } from '../../main/core/cache/database';
import { MAX_SYNC_PAGE } from '../../shared/protocol/limits';
import type { StreamEvent } from '../../shared/protocol/entities';
import { makeIdentity } from '../fixtures/ids';
import { createdEvent, generateMessages } from '../fixtures/messages';
import { seedMessages, seedOrg } from '../fixtures/seedServer';
import { BENCH_CACHE_KEY, prepareDataDir, startCore, waitForStatus } from '../lib/coreHarness';
import { absoluteTarget, higherIsBetter, notAvailable } from '../lib/rows';
import { startServerUnderTest } from '../lib/serverUnderTest';
import { nowMs, round } from '../lib/stats';
import type { Bench, ResultRow } from '../lib/types';
import { freshCache, ingestThroughCore, toPages } from './ingest';

/*
 * Catch-up: a signed-in client that knows its 200 streams goes offline; meanwhile the server's logs
 * grow by N messages (seeded through the server's repositories, see fixtures/seedServer.ts); the
 * client core starts again (reconnect) and the clock runs until its cache is consistent: every
 * message stored and every stream's cursor at the server's head. Baseline: ingesting the same events
 * straight through the core's sync-apply function (no network, no server).
 */

/** Messages in the cache and streams whose cursor is below the server's head. */
function cacheState(file: string, heads: Map<string, number>): { messages: number; behind: number } {
  const db = connect(file, { readonly: true }, { key: BENCH_CACHE_KEY });
  try {
    const messages = db.prepare('SELECT COUNT(*) FROM messages').pluck().get() as number;
    const cursors = new Map(
      (db.prepare('SELECT id, cursor FROM streams').all() as Array<{ id: string; cursor: number }>).map((r) => [
        r.id,
        r.cursor,
      ]),
    );
    let behind = 0;
    for (const [id, head] of heads) if ((cursors.get(id) ?? 0) < head) behind += 1;
    return { messages, behind };
  } finally {
    db.close();
  }
}

interface CatchUpRun {
  liveMs: number;
  consistentMs: number | null;
  /** Messages cached once the grace period after 'live' ended. */
  cached: number;
  behind: number;
}

/**
 * One catch-up on a copy of the seeded server folder: the client cache starts as that of a client that
 * knew every stream up to seq 0 (as if it went offline before the messages were posted).
 */
async function catchUpOnce(
  template: string,
  workDir: string,
  mode: string,
  identity: ReturnType<typeof makeIdentity>,
  token: string,
  heads: Map<string, number>,
  total: number,
  options: { serverRateLimits: boolean; timeoutSeconds: number },
): Promise<CatchUpRun> {
  const serverDir = join(workDir, `server-${mode}`);
  cpSync(template, serverDir, { recursive: true });
  const clientDir = join(workDir, `client-${mode}`);
  const server = await startServerUnderTest('real', serverDir, { serverRateLimits: options.serverRateLimits });
  prepareDataDir(clientDir, identity, null, server.url, token);
  closeCache(freshCache(cacheFile(clientDir, identity.me.id), identity));
  const start = nowMs();
  const core = startCore(clientDir, server.url);
  try {
    const caughtUp = waitForStatus(core, (s) => s.state === 'live', options.timeoutSeconds * 1000);
    await core.invoke('session:get', {});
    await caughtUp;
    const liveMs = nowMs() - start;
    const file = cacheFile(clientDir, identity.me.id);
    let state = cacheState(file, heads);
    // 'live' should mean consistent; if not, poll a little so the figure is time-to-consistent.
    const graceUntil = nowMs() + 10_000;
    while ((state.messages < total || state.behind > 0) && nowMs() < graceUntil) {
      await new Promise((r) => setTimeout(r, 100));
      state = cacheState(file, heads);
    }
    const consistent = state.messages >= total && state.behind === 0;
    return { liveMs, consistentMs: consistent ? nowMs() - start : null, cached: state.messages, behind: state.behind };
  } finally {
    await core.close();
    await server.stop();
  }
}

export const catchUpBench: Bench = {
  name: 'catchup',
  title: 'Catch-up after being offline',
  metrics: ['messages/s', 'complete with default rate limits'],
  sizes: {
    tiny: { messages: 4_000, streams: 20, timeoutSeconds: 30 },
    default: { messages: 100_000, streams: 200, timeoutSeconds: 600 },
  },
  async run({ params, seed, workDir, log }) {
    const identity = makeIdentity(seed, params.streams!, 20);
    const template = join(workDir, 'seeded');
    const org = await seedOrg(template, identity, 0);
    const events: StreamEvent[] = [];
    const heads = new Map<string, number>();
    const messages = [
      ...generateMessages(identity, { seed, count: params.messages!, streamIds: identity.streams.map((s) => s.id) }),
    ];
    for (const m of messages) {
      events.push(createdEvent(m));
      heads.set(m.streamId, m.seq);
    }
    const seedStart = nowMs();
    await seedMessages(template, messages);
    log(`seeded ${messages.length} messages on the server in ${round((nowMs() - seedStart) / 1000)} s`);
    const total = messages.length;
    const opts = { timeoutSeconds: params.timeoutSeconds! };
    const raised = await catchUpOnce(template, workDir, 'raised', identity, org.tokens[0]!, heads, total, {
      ...opts,
      serverRateLimits: false,
    });
    log(
      `raised limits: live after ${round(raised.liveMs)} ms, ${raised.cached}/${total} cached, ${raised.behind} streams behind`,
    );
    const defaults = await catchUpOnce(template, workDir, 'default', identity, org.tokens[0]!, heads, total, {
      ...opts,
      serverRateLimits: true,
    });
    log(
      `default limits: live after ${round(defaults.liveMs)} ms, ${defaults.cached}/${total} cached, ${defaults.behind} streams behind`,
    );

    const baseDb = freshCache(join(workDir, 'ingest.db'), identity);
    const ingestMs = ingestThroughCore(baseDb, identity.me.id, toPages(events, MAX_SYNC_PAGE));
    baseDb.close();
    const rate = (ms: number): number => (total / ms) * 1000;
    const rows: ResultRow[] = [];
    if (raised.consistentMs === null)
      rows.push(
        notAvailable(
          'catchup',
          'messages/s',
          `reported live with ${raised.cached}/${total} messages cached, ${raised.behind} streams behind`,
        ),
      );
    else
      rows.push({
        ...higherIsBetter(
          { bench: 'catchup', metric: 'messages/s', unit: 'msg/s', baselineLabel: 'cache ingest, same rows' },
          rate(raised.consistentMs),
          rate(ingestMs),
          0.5,
        ),
        note: `${round(raised.consistentMs / 1000)} s for ${total}`,
      });
    const share = (defaults.cached / total) * 100;
    rows.push({
      ...absoluteTarget(
        { bench: 'catchup', metric: 'complete with default rate limits', unit: '%', baselineLabel: 'all' },
        share,
        100,
        'cache complete when live',
        defaults.consistentMs !== null,
      ),
      note:
        defaults.consistentMs === null
          ? `${defaults.behind} streams behind`
          : `${round(defaults.consistentMs / 1000)} s`,
    });
    return {
      rows,
      details: {
        raised,
        defaults,
        ingestMs,
        definition: "raised = server rate limits lifted; default = the server's per-socket limits",
      },
    };
  },
};

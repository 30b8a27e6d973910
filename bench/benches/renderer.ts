import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startBrowserHost } from '../../main/browserHost/index';
import { createClientCore } from '../../main/core/index';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { cachedCacheDb } from '../fixtures/cacheDb';
import { makeIdentity } from '../fixtures/ids';
import { prng } from '../fixtures/text';
import { DEAD_SERVER, prepareDataDir } from '../lib/coreHarness';
import { shuffled } from '../lib/order';
import { lowerIsBetter } from '../lib/rows';
import { round } from '../lib/stats';
import type { Bench } from '../lib/types';

/*
 * The renderer in Chromium through the browser host: load the app signed in (offline, from a cache
 * holding one stream with N messages), let it open that stream, and time navigation → first message
 * painted; then the page's JS heap after a GC. 100,000 cached messages against 1,000, the two cases'
 * loads taking turns in a shuffled order: the renderer should only ever read one page of them, so the
 * two should look alike.
 */

// Runs in the page before the app: notes the frame after the first message element appears.
const PAINT_PROBE = `
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="message-item"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstMessagePaint = performance.now(); }));
  }).observe(document, { childList: true, subtree: true });
`;

interface CaseResult {
  /** The first load: the host creates the client core (opens and checks the cache) on its first bridge. */
  coldMs: number;
  paintMs: number[];
  heapBytes: number;
  messagesShown: number;
}

/** One case's browser host and page, kept open so the two cases' loads can take turns. */
interface OpenCase {
  label: string;
  url: string;
  page: Page;
  close(): Promise<void>;
}

async function openCase(browser: Browser, rendererDir: string, dataDir: string, label: string): Promise<OpenCase> {
  // Every page session gets the prepared folder: the host's per-session folders would start empty.
  const host = await startBrowserHost({
    port: 0,
    rendererDir,
    dataDir: join(dataDir, 'host'),
    defaults: { serverUrl: DEAD_SERVER, demoAccounts: [] },
    createCore: () => createClientCore({ dataDir, defaults: { serverUrl: DEAD_SERVER, demoAccounts: [] } }),
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(PAINT_PROBE);
  const page = await context.newPage();
  return {
    label,
    url: host.url,
    page,
    async close() {
      await context.close();
      await host.close();
    },
  };
}

/** Loads the app once; returns navigation start → first message painted, in ms. */
async function load(c: OpenCase): Promise<number> {
  await c.page.goto(c.url);
  const handle = await c.page.waitForFunction(
    () => (window as { __firstMessagePaint?: number }).__firstMessagePaint,
    undefined,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function heapAndShown(c: OpenCase): Promise<{ heapBytes: number; messagesShown: number }> {
  await c.page.waitForTimeout(500);
  const cdp = await c.page.context().newCDPSession(c.page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return { heapBytes: heap.usedSize, messagesShown: await c.page.locator('[data-testid="message-item"]').count() };
}

/**
 * Both cases' loads in a shuffled order: the cold loads first (each creates its core), then `loads`
 * warm rounds of one load each, so neither case always runs first or on a warmer machine.
 */
async function measureInterleaved(
  cases: OpenCase[],
  loads: number,
  random: () => number,
): Promise<Record<string, CaseResult>> {
  const cold = new Map<string, number>();
  const warm = new Map<string, number[]>(cases.map((c) => [c.label, []]));
  for (const c of shuffled(cases, random)) cold.set(c.label, await load(c));
  for (let i = 0; i < loads; i += 1) for (const c of shuffled(cases, random)) warm.get(c.label)!.push(await load(c));
  const results: Record<string, CaseResult> = {};
  for (const c of cases)
    results[c.label] = { coldMs: cold.get(c.label)!, paintMs: warm.get(c.label)!, ...(await heapAndShown(c)) };
  return results;
}

export const rendererBench: Bench = {
  name: 'renderer',
  title: 'Renderer: open a large stream',
  metrics: ['first message painted', 'first paint, cold core', 'JS heap'],
  sizes: {
    tiny: { large: 5_000, small: 1_000, loads: 2 },
    default: { large: 100_000, small: 1_000, loads: 7 },
  },
  async run({ params, seed, workDir, root, log }) {
    const executablePath = findChromium();
    if (!executablePath) throw new Error('no Chromium (set CHROMIUM_PATH or apt-get install chromium)');
    // A private build of the current renderer; dist/ may be in use by someone else's E2E run.
    const rendererDir = join(workDir, 'renderer');
    const build = spawnSync(
      'npx',
      ['vite', 'build', '--config', 'vite.config.ts', '--outDir', rendererDir, '--emptyOutDir', '--logLevel', 'error'],
      { cwd: root, encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`renderer build failed: ${(build.stderr || build.stdout).split('\n')[0]}`);
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const cases: OpenCase[] = [];
    const sizes = [
      ['small', params.small!],
      ['large', params.large!],
    ] as const;
    try {
      for (const [label, count] of sizes) {
        const identity = makeIdentity(seed + 1, 1);
        const fixture = cachedCacheDb(root, identity, { count, seed, log });
        const dataDir = join(workDir, `client-${label}`);
        prepareDataDir(dataDir, identity, fixture, DEAD_SERVER);
        cases.push(await openCase(browser, rendererDir, dataDir, label));
      }
      const results = await measureInterleaved(cases, params.loads!, prng(seed ^ 0x4e4d));
      for (const [label, count] of sizes) {
        const r = results[label]!;
        log(
          `${count} messages: cold ${round(r.coldMs)} ms, warm first paint ${r.paintMs.map((x) => round(x)).join(', ')} ms; heap ${round(r.heapBytes / 2 ** 20)} MiB; ${r.messagesShown} shown`,
        );
        if (r.messagesShown === 0) throw new Error(`no message was shown for the ${count}-message stream`);
      }
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const large = results.large!;
      const small = results.small!;
      const base = { bench: 'renderer', baselineLabel: `${params.small} messages` };
      return {
        rows: [
          {
            ...lowerIsBetter(
              { ...base, metric: 'first message painted', unit: 'ms' },
              median(large.paintMs),
              median(small.paintMs),
              1.2,
            ),
            note: `median of ${params.loads} warm loads, ${params.large} messages`,
          },
          {
            ...lowerIsBetter(
              { ...base, metric: 'first paint, cold core', unit: 'ms' },
              large.coldMs,
              small.coldMs,
              1.2,
            ),
            note: 'one load each: core start + cache open included',
          },
          {
            ...lowerIsBetter(
              { ...base, metric: 'JS heap', unit: 'MiB' },
              large.heapBytes / 2 ** 20,
              small.heapBytes / 2 ** 20,
              1.2,
            ),
            target: 'context',
            met: null,
          },
        ],
        details: {
          results,
          measure:
            'navigation start → 2nd animation frame after the first message element exists; heap after CDP collectGarbage',
        },
      };
    } finally {
      for (const c of cases) await c.close();
      await browser.close();
    }
  },
};

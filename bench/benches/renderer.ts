import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { startBrowserHost } from '../../main/browserHost/index';
import { createClientCore } from '../../main/core/index';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { cachedCacheDb } from '../fixtures/cacheDb';
import { makeIdentity } from '../fixtures/ids';
import { DEAD_SERVER, prepareDataDir } from '../lib/coreHarness';
import { lowerIsBetter } from '../lib/rows';
import { round } from '../lib/stats';
import type { Bench } from '../lib/types';

/*
 * The renderer in Chromium through the browser host: load the app signed in (offline, from a cache
 * holding one stream with N messages), let it open that stream, and time navigation → first message
 * painted; then the page's JS heap after a GC. 100,000 cached messages against 1,000: the renderer
 * should only ever read one page of them, so the two should look alike.
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

async function measureCase(browser: Browser, rendererDir: string, dataDir: string, loads: number): Promise<CaseResult> {
  // Every page session gets the prepared folder: the host's per-session folders would start empty.
  const host = await startBrowserHost({
    port: 0,
    rendererDir,
    dataDir: join(dataDir, 'host'),
    defaults: { serverUrl: DEAD_SERVER, demoAccounts: [] },
    createCore: () => createClientCore({ dataDir, defaults: { serverUrl: DEAD_SERVER, demoAccounts: [] } }),
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(PAINT_PROBE);
    const page = await context.newPage();
    const paintMs: number[] = [];
    let coldMs = Number.NaN;
    for (let i = 0; i < loads + 1; i += 1) {
      await page.goto(host.url);
      const handle = await page.waitForFunction(
        () => (window as { __firstMessagePaint?: number }).__firstMessagePaint,
        undefined,
        { timeout: 30_000 },
      );
      const t = (await handle.jsonValue()) as number;
      if (i > 0) paintMs.push(t);
      else coldMs = t; // includes starting the client core on this cache
    }
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const messagesShown = await page.locator('[data-testid="message-item"]').count();
    return { coldMs, paintMs, heapBytes: heap.usedSize, messagesShown };
  } finally {
    await context.close();
    await host.close();
  }
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
    try {
      const results: Record<string, CaseResult> = {};
      for (const [label, count] of [
        ['small', params.small!],
        ['large', params.large!],
      ] as const) {
        const identity = makeIdentity(seed + 1, 1);
        const fixture = cachedCacheDb(root, identity, { count, seed, log });
        const dataDir = join(workDir, `client-${label}`);
        prepareDataDir(dataDir, identity, fixture, DEAD_SERVER);
        results[label] = await measureCase(browser, rendererDir, dataDir, params.loads!);
        const r = results[label];
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
      await browser.close();
    }
  },
};

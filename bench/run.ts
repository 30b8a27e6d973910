/*
 * `npm run bench`: runs the benchmarks, prints one table (ours, the baseline measured in the same
 * run, ratio, target, met) and writes the same as JSON to bench/results/<timestamp>.json.
 * Flags: see lib/args.ts (`--tiny`, `--size`, `--only`, `--<bench>.<param> N`, `--json-out`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benches } from './benches/index';
import { parseArgs, type RunOptions } from './lib/args';
import { describeMachine } from './lib/machine';
import { notAvailable } from './lib/rows';
import { formatTable } from './lib/table';
import type { Bench, BenchParams, ResultRow } from './lib/types';
import { stopBenchPostgres } from './lib/benchStorage';
import { stopAllWorkers } from './lib/workers';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Per-benchmark wall-clock cap so a hung benchmark yields "not available" instead of hanging CI. */
const TIME_CAP_MS = { tiny: 45_000, default: 30 * 60_000 };

function paramsFor(bench: Bench, options: RunOptions): BenchParams {
  const params = { ...bench.sizes[options.size] };
  for (const [key, value] of options.overrides) {
    const [name, param] = key.split('.') as [string, string];
    if (name !== bench.name) continue;
    if (!(param in params))
      throw new Error(`${bench.name} has no parameter ${param} (has: ${Object.keys(params).join(', ')})`);
    params[param] = value;
  }
  return params;
}

async function runOne(
  bench: Bench,
  options: RunOptions,
): Promise<{ rows: ResultRow[]; details: unknown; seconds: number }> {
  const params = paramsFor(bench, options);
  const loadAverage = Math.round(loadavg()[0]! * 100) / 100;
  const workDir = mkdtempSync(join(tmpdir(), `tributary-bench-${bench.name}-`));
  const started = Date.now();
  const log = (message: string): void =>
    console.error(`[${bench.name} +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  log(`start ${JSON.stringify(params)}`);
  let timer: NodeJS.Timeout | undefined;
  const capMs = options.capMinutes === null ? TIME_CAP_MS[options.size] : options.capMinutes * 60_000;
  try {
    const cap = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${capMs / 1000} s`)), capMs);
    });
    const outcome = await Promise.race([
      bench.run({ params, size: options.size, seed: options.seed, workDir, root, log }),
      cap,
    ]);
    return {
      rows: outcome.rows,
      details: { params, loadAverage, ...outcome.details },
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    log(`not available: ${reason}`);
    return {
      rows: bench.metrics.map((m) => notAvailable(bench.name, m, reason)),
      details: { params, loadAverage, error: reason },
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    clearTimeout(timer);
    await stopAllWorkers();
    if (!options.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  let options: RunOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const unknown = (options.only ?? []).filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; have: ${benches.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const selected = benches.filter((b) => options.only === null || options.only.includes(b.name));
  const machine = describeMachine();
  const startedAt = new Date();
  const rows: ResultRow[] = [];
  const details: Record<string, unknown> = {};
  try {
    for (const bench of selected) {
      const result = await runOne(bench, options);
      rows.push(...result.rows);
      details[bench.name] = { seconds: result.seconds, ...(result.details as object) };
    }
  } finally {
    // the PostgreSQL server the benchmarks on that engine shared, if any started one
    await stopBenchPostgres();
  }
  const table = formatTable(rows, machine, options.size);
  const loadAtEnd = Math.round(loadavg()[0]! * 100) / 100;
  console.log(`\n${table}\n`);
  const report = {
    startedAt: startedAt.toISOString(),
    size: options.size,
    seed: options.seed,
    machine,
    loadAtEnd,
    rows,
    details,
  };
  const file =
    options.jsonOut ?? join(root, 'bench', 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results: ${file}`);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error);
    await stopAllWorkers();
    process.exit(1);
  },
);

/** One line of the results table: one metric of one benchmark, ours against its baseline. */
export interface ResultRow {
  bench: string;
  metric: string;
  unit: string;
  ours: number | null;
  /** A companion figure shown beside ours, e.g. the p50 next to a p95. */
  note?: string;
  baseline: number | null;
  baselineLabel: string;
  /** ours / baseline (or the inverse where the row says so); null when either side is missing. */
  ratio: number | null;
  target: string;
  met: boolean | null;
  /** Set instead of figures when the benchmark could not run; never a made-up number. */
  notAvailable?: string;
}

/** What a benchmark returns: its table rows plus free-form details for the JSON file. */
export interface BenchOutcome {
  rows: ResultRow[];
  details: Record<string, unknown>;
}

/** Numeric parameters of a benchmark; `--size` picks a preset, `--<bench>.<param>` overrides one. */
export type BenchParams = Record<string, number>;

/** What every benchmark gets from the runner. */
export interface BenchContext {
  params: BenchParams;
  size: string;
  seed: number;
  /** A scratch folder removed after the run. */
  workDir: string;
  /** The repository root. */
  root: string;
  log: (message: string) => void;
}

/** A benchmark: its name, the metrics it reports, its size presets and its body. */
export interface Bench {
  name: string;
  title: string;
  /** The metric names it reports, so a failure still yields one explicit row per metric. */
  metrics: string[];
  sizes: { tiny: BenchParams; default: BenchParams };
  run: (ctx: BenchContext) => Promise<BenchOutcome>;
}

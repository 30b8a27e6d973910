/** Nearest-rank percentile (p in 0..100) of a sample; NaN for an empty sample. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Arithmetic mean; NaN for an empty sample. */
export function mean(sample: readonly number[]): number {
  if (sample.length === 0) return Number.NaN;
  return sample.reduce((a, b) => a + b, 0) / sample.length;
}

/** The usual summary of a latency sample, in the sample's unit. */
export function summarize(sample: readonly number[]): {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
} {
  if (sample.length === 0)
    return { n: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
  return {
    n: sample.length,
    p50: percentile(sample, 50),
    p95: percentile(sample, 95),
    p99: percentile(sample, 99),
    // A loop, not Math.max(...sample): samples run to hundreds of thousands.
    max: sample.reduce((a, b) => (b > a ? b : a), Number.NEGATIVE_INFINITY),
    mean: mean(sample),
  };
}

/** Milliseconds from a monotonic clock that every process on the machine shares (CLOCK_MONOTONIC). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs fn and returns its duration in milliseconds alongside its result. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = nowMs();
  const result = await fn();
  return { ms: nowMs() - start, result };
}

/** Rounds for display and JSON without losing small figures (3 significant digits under 10). */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value);
  if (abs >= 10) return Math.round(value * 10) / 10;
  return Number(value.toPrecision(3));
}

import { round } from './stats';
import type { ResultRow } from './types';

/** Builds a row where a lower figure is better: ratio = ours / baseline, met when ratio ≤ maxRatio. */
export function lowerIsBetter(
  base: Pick<ResultRow, 'bench' | 'metric' | 'unit' | 'baselineLabel'>,
  ours: number,
  baseline: number,
  maxRatio: number,
): ResultRow {
  const ratio = ours / baseline;
  return {
    ...base,
    ours: round(ours),
    baseline: round(baseline),
    ratio: round(ratio),
    target: `≤ ${maxRatio}× baseline`,
    met: ratio <= maxRatio,
  };
}

/** Builds a row where a higher figure is better: ratio = ours / baseline, met when ratio ≥ minRatio. */
export function higherIsBetter(
  base: Pick<ResultRow, 'bench' | 'metric' | 'unit' | 'baselineLabel'>,
  ours: number,
  baseline: number,
  minRatio: number,
): ResultRow {
  const ratio = ours / baseline;
  const pct = Math.round(minRatio * 100);
  return {
    ...base,
    ours: round(ours),
    baseline: round(baseline),
    ratio: round(ratio),
    target: `≥ ${pct}% of baseline`,
    met: ratio >= minRatio,
  };
}

/** A row with an absolute target (e.g. p95 ≤ 1 ms); the baseline is shown for context. */
export function absoluteTarget(
  base: Pick<ResultRow, 'bench' | 'metric' | 'unit' | 'baselineLabel'>,
  ours: number,
  baseline: number | null,
  target: string,
  met: boolean,
): ResultRow {
  return {
    ...base,
    ours: round(ours),
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline === null ? null : round(ours / baseline),
    target,
    met,
  };
}

/** A row that says why there is no figure. */
export function notAvailable(bench: string, metric: string, reason: string): ResultRow {
  return {
    bench,
    metric,
    unit: '',
    ours: null,
    baseline: null,
    baselineLabel: '',
    ratio: null,
    target: '',
    met: null,
    notAvailable: reason,
  };
}

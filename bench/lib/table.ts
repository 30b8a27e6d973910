import type { MachineInfo } from './machine';
import type { ResultRow } from './types';

function fmt(value: number | null): string {
  if (value === null) return '—';
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(value);
}

function metCell(row: ResultRow): string {
  if (row.notAvailable !== undefined) return 'n/a';
  if (row.met === null) return '—';
  return row.met ? 'met' : 'MISSED';
}

/** The results as a Markdown table (readable in a terminal and pasteable into docs/performance.md). */
export function formatTable(rows: ResultRow[], machine: MachineInfo, size: string): string {
  const header = ['benchmark', 'metric', 'ours', 'baseline', 'ratio', 'target', 'met'];
  const lines = rows.map((r) =>
    r.notAvailable !== undefined
      ? [r.bench, r.metric, `not available: ${r.notAvailable}`, '', '', '', metCell(r)]
      : [
          r.bench,
          r.metric,
          `${fmt(r.ours)} ${r.unit}`.trim() + (r.note ? ` (${r.note})` : ''),
          r.baseline === null ? '—' : `${fmt(r.baseline)} ${r.unit} (${r.baselineLabel})`,
          r.ratio === null ? '—' : `${r.ratio}×`,
          r.target,
          metCell(r),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `Machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node} (${machine.platform}), load average ${machine.loadAverage} at start; size: ${size}`,
    '',
    render(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(render),
  ].join('\n');
}
